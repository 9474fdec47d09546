// The remotes are called synchronously, as the CLI calls them; nothing here has a sync context.
#pragma warning disable xUnit1031, xUnit1051
using System.Text.Json.Nodes;
using Werkbank.Authoring.Remote;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Authoring;

/// <summary>The GitHub path (Octokit) against a local server that answers like GitHub's REST API, errors included.</summary>
public sealed class GitHubRemoteTests
{
    private const string Repo = "/api/v3/repos/acme/platform";

    private static readonly ChangeRequest Request = new("werkbank/new-user-jdoe", "Add user jdoe", "plan", [
        new FileChange("inventory/users/jdoe.yaml", FileAction.Create, "full_name: Jane\n"u8.ToArray()),
        new FileChange("out/cloud-init/old/user-data", FileAction.Delete, null),
    ]);

    private static (int, string) GitHub(FakeApiServer.Request r, Func<FakeApiServer.Request, (int, string)?>? fail = null)
    {
        if (fail?.Invoke(r) is { } failed)
        {
            return failed;
        }

        if (r.Token is null || !r.Token.EndsWith("ghp-test", StringComparison.Ordinal))
        {
            return (401, """{"message":"Bad credentials"}""");
        }

        return (r.Method, r.Path.Split('?')[0]) switch
        {
            ("GET", Repo) => (200, """{"id":1,"name":"platform","full_name":"acme/platform","default_branch":"main"}"""),
            ("GET", Repo + "/git/ref/heads/main" or Repo + "/git/refs/heads/main") => (200, """{"ref":"refs/heads/main","object":{"sha":"c0","type":"commit"}}"""),
            ("GET", Repo + "/git/commits/c0") => (200, """{"sha":"c0","tree":{"sha":"t0"},"parents":[]}"""),
            ("GET", Repo + "/git/trees/t0") => (200, """{"sha":"t0","truncated":false,"tree":[{"path":"README.md","mode":"100644","type":"blob","sha":"b1"},{"path":"out","mode":"040000","type":"tree","sha":"t9"},{"path":"out/cloud-init/old/user-data","mode":"100644","type":"blob","sha":"b9"}]}"""),
            ("POST", Repo + "/git/blobs") => (201, """{"sha":"b2"}"""),
            ("POST", Repo + "/git/trees") => (201, """{"sha":"t1","tree":[]}"""),
            ("POST", Repo + "/git/commits") => (201, """{"sha":"c1","tree":{"sha":"t1"}}"""),
            ("POST", Repo + "/git/refs") => (201, """{"ref":"refs/heads/werkbank/new-user-jdoe","object":{"sha":"c1","type":"commit"}}"""),
            ("POST", Repo + "/pulls") => (201, """{"number":5,"html_url":"https://github.com/acme/platform/pull/5"}"""),
            ("DELETE", _) => (204, string.Empty),
            _ => (404, """{"message":"Not Found"}"""),
        };
    }

    private static RemoteException? Open(FakeApiServer server, out string? url, string token = "ghp-test", string repo = "platform")
    {
        var remote = new GitHubRemote(server.Url, token, "acme", repo);
        try
        {
            url = remote.OpenAsync(Request).GetAwaiter().GetResult();
            return null;
        }
        catch (RemoteException ex)
        {
            url = null;
            return ex;
        }
    }

    [Fact]
    public void Should_Commit_A_Whole_Tree_Then_Branch_Then_Pull_Request()
    {
        using var server = new FakeApiServer(r => GitHub(r));
        Assert.Null(Open(server, out var url));
        Assert.Equal("https://github.com/acme/platform/pull/5", url);
        var tree = JsonNode.Parse(server.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/git/trees", StringComparison.Ordinal)).Body)!;
        var paths = tree["tree"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["README.md", "inventory/users/jdoe.yaml"], paths); // the deleted file is gone, folders are implied
        var calls = server.Calls.ToList();
        Assert.True(calls.IndexOf($"POST {Repo}/git/refs") > calls.IndexOf($"POST {Repo}/git/commits"), string.Join("\n", calls));
        Assert.Equal($"POST {Repo}/pulls", calls[^1]);
    }

    [Fact]
    public void Should_Say_INV0610_On_Bad_Credentials()
    {
        using var server = new FakeApiServer(r => GitHub(r));
        Assert.Equal("INV0610", Open(server, out _, token: "nope")!.Diagnostic.Code);
        Assert.DoesNotContain(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void Should_Say_INV0611_On_An_Unknown_Repository()
    {
        using var server = new FakeApiServer(r => GitHub(r));
        Assert.Equal("INV0611", Open(server, out _, repo: "nope")!.Diagnostic.Code);
    }

    [Fact]
    public void Should_Say_INV0612_When_The_Branch_Exists()
    {
        using var server = new FakeApiServer(r => GitHub(r, x => x.Method == "POST" && x.Path.EndsWith("/git/refs", StringComparison.Ordinal)
            ? (422, """{"message":"Reference already exists","documentation_url":"https://docs.github.com"}""") : null));
        Assert.Equal("INV0612", Open(server, out _)!.Diagnostic.Code);
        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public void Should_Delete_The_Branch_When_The_Pull_Request_Fails()
    {
        using var server = new FakeApiServer(r => GitHub(r, x => x.Path.EndsWith("/pulls", StringComparison.Ordinal)
            ? (422, """{"message":"Validation Failed","errors":[{"message":"A pull request already exists"}]}""") : null));
        Assert.Equal("INV0614", Open(server, out _)!.Diagnostic.Code);
        Assert.Equal($"DELETE {Repo}/git/refs/heads/werkbank/new-user-jdoe", server.Calls.Last());
    }
}
