// The remotes are called synchronously, as the CLI calls them; nothing here has a sync context.
#pragma warning disable xUnit1031, xUnit1051
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Werkbank.Authoring.Remote;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Authoring;

/// <summary>The GitLab path against a local server that answers like GitLab's REST API v4, errors included.</summary>
public sealed class GitLabRemoteTests
{
    private static readonly ChangeRequest Request = new("werkbank/new-user-jdoe", "Add user jdoe", "plan", [
        new FileChange("inventory/users/jdoe.yaml", FileAction.Create, "full_name: Jane\n"u8.ToArray()),
        new FileChange("out/cloud-init/old/user-data", FileAction.Delete, null),
    ]);

    /// <summary>GitLab as it answers a valid token; <paramref name="fail"/> overrides one call.</summary>
    private static (int, string) GitLab(FakeApiServer.Request r, Func<FakeApiServer.Request, (int, string)?>? fail = null)
    {
        if (fail?.Invoke(r) is { } failed)
        {
            return failed;
        }

        if (r.Token != "glpat-test")
        {
            return (401, """{"message":"401 Unauthorized"}""");
        }

        return (r.Method, r.Path) switch
        {
            ("GET", "/api/v4/projects/acme%2Fplatform") => (200, """{"id":7,"default_branch":"main"}"""),
            ("POST", var p) when p.StartsWith("/api/v4/projects/acme%2Fplatform/repository/branches?", StringComparison.Ordinal) => (201, """{"name":"werkbank/new-user-jdoe"}"""),
            ("POST", "/api/v4/projects/acme%2Fplatform/repository/commits") => (201, """{"id":"abc"}"""),
            ("POST", "/api/v4/projects/acme%2Fplatform/merge_requests") => (201, """{"iid":12,"web_url":"https://gitlab.acme.example/acme/platform/-/merge_requests/12"}"""),
            ("DELETE", _) => (204, string.Empty),
            _ => (404, """{"message":"404 Not Found"}"""),
        };
    }

    private static (string? Url, RemoteException? Error) Open(FakeApiServer server, string token = "glpat-test", string project = "acme/platform")
    {
        using var http = new HttpClient();
        var remote = new GitLabRemote(http, server.Url, token, project);
        try
        {
            return (remote.OpenAsync(Request).GetAwaiter().GetResult(), null);
        }
        catch (RemoteException ex)
        {
            return (null, ex);
        }
    }

    [Fact]
    public void Should_Create_Branch_Commit_And_Merge_Request()
    {
        using var server = new FakeApiServer(r => GitLab(r));
        var (url, error) = Open(server);
        Assert.Null(error);
        Assert.Equal("https://gitlab.acme.example/acme/platform/-/merge_requests/12", url);
        Assert.Equal([
            "GET /api/v4/projects/acme%2Fplatform",
            "POST /api/v4/projects/acme%2Fplatform/repository/branches?branch=werkbank%2Fnew-user-jdoe&ref=main",
            "POST /api/v4/projects/acme%2Fplatform/repository/commits",
            "POST /api/v4/projects/acme%2Fplatform/merge_requests",
        ], server.Calls);
        var commit = JsonNode.Parse(server.Requests.ElementAt(2).Body)!;
        Assert.Equal("werkbank/new-user-jdoe", commit["branch"]!.GetValue<string>());
        var actions = commit["actions"]!.AsArray();
        Assert.Equal("create", actions[0]!["action"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("full_name: Jane\n"u8.ToArray()), actions[0]!["content"]!.GetValue<string>());
        Assert.Equal("delete", actions[1]!["action"]!.GetValue<string>());
        var mr = JsonNode.Parse(server.Requests.Last().Body)!;
        Assert.Equal("main", mr["target_branch"]!.GetValue<string>());
    }

    [Fact]
    public void Should_Say_INV0610_When_The_Token_Is_Rejected_And_Create_Nothing()
    {
        using var server = new FakeApiServer(r => GitLab(r));
        var (_, error) = Open(server, token: "wrong");
        Assert.Equal("INV0610", error!.Diagnostic.Code);
        Assert.Contains("GITLAB_TOKEN", error.Diagnostic.Hint, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Should_Say_INV0611_When_The_Project_Is_Unknown()
    {
        using var server = new FakeApiServer(r => GitLab(r));
        var (_, error) = Open(server, project: "acme/nope");
        Assert.Equal("INV0611", error!.Diagnostic.Code);
        Assert.Contains("acme/nope", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Say_INV0612_When_The_Branch_Exists_And_Not_Delete_It()
    {
        using var server = new FakeApiServer(r => GitLab(r, x => x.Path.Contains("/repository/branches?", StringComparison.Ordinal)
            ? (400, """{"message":"Branch already exists"}""") : null));
        var (_, error) = Open(server);
        Assert.Equal("INV0612", error!.Diagnostic.Code);
        Assert.DoesNotContain(server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public void Should_Treat_409_On_The_Branch_As_Branch_Exists()
    {
        using var server = new FakeApiServer(r => GitLab(r, x => x.Path.Contains("/repository/branches?", StringComparison.Ordinal)
            ? (409, """{"message":"Conflict"}""") : null));
        Assert.Equal("INV0612", Open(server).Error!.Diagnostic.Code);
    }

    [Fact]
    public void Should_Delete_The_Branch_When_The_Commit_Fails()
    {
        using var server = new FakeApiServer(r => GitLab(r, x => x.Path.EndsWith("/repository/commits", StringComparison.Ordinal)
            ? (400, """{"message":"A file with this name already exists"}""") : null));
        var (_, error) = Open(server);
        Assert.Equal("INV0614", error!.Diagnostic.Code);
        Assert.Contains("A file with this name already exists", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("DELETE /api/v4/projects/acme%2Fplatform/repository/branches/werkbank%2Fnew-user-jdoe", server.Calls.Last());
    }

    [Fact]
    public void Should_Say_INV0613_When_The_Server_Is_Down()
    {
        int port;
        using (var server = new FakeApiServer(r => (200, "{}")))
        {
            port = server.Port;
        }

        using var http = new HttpClient();
        var remote = new GitLabRemote(http, new Uri($"http://127.0.0.1:{port}/"), "t", "acme/platform");
        var error = Assert.Throws<RemoteException>(() => remote.OpenAsync(Request).GetAwaiter().GetResult());
        Assert.Equal("INV0613", error.Diagnostic.Code);
        Assert.DoesNotContain('\n', error.Diagnostic.Message);
    }

    [Fact]
    public void Should_Post_The_Plan_As_A_Merge_Request_Note_Once_Then_Update_It()
    {
        var notes = new List<string>();
        using var server = new FakeApiServer(r => (r.Method, r.Path.Split('?')[0]) switch
        {
            ("GET", "/api/v4/projects/7/merge_requests/12/notes") =>
                (200, new System.Text.Json.Nodes.JsonArray([.. notes.Select((b, i) => new JsonObject { ["id"] = i + 100, ["body"] = b })]).ToJsonString()),
            ("POST", "/api/v4/projects/7/merge_requests/12/notes") => Add(notes, r.Body),
            ("PUT", "/api/v4/projects/7/merge_requests/12/notes/100") => (200, "{}"),
            _ => (404, "{}"),
        });
        using var http = new HttpClient();
        var remote = new GitLabRemote(http, server.Url, "t", "7");
        remote.PostNoteAsync("12", "## Werkbank plan").GetAwaiter().GetResult();
        remote.PostNoteAsync("12", "## Werkbank plan v2").GetAwaiter().GetResult();
        Assert.Equal([
            "GET /api/v4/projects/7/merge_requests/12/notes?per_page=100&sort=asc",
            "POST /api/v4/projects/7/merge_requests/12/notes",
            "GET /api/v4/projects/7/merge_requests/12/notes?per_page=100&sort=asc",
            "PUT /api/v4/projects/7/merge_requests/12/notes/100",
        ], server.Calls);
        Assert.Equal($"{GitLabRemote.NoteMarker}\n## Werkbank plan v2", JsonNode.Parse(server.Requests.Last().Body)!["body"]!.GetValue<string>());
    }

    private static (int, string) Add(List<string> notes, string body)
    {
        notes.Add(JsonNode.Parse(body)!["body"]!.GetValue<string>());
        return (201, "{}");
    }

    [Fact]
    public void Should_Find_The_Remote_From_The_Environment()
    {
        var env = new Dictionary<string, string> { ["GITLAB_URL"] = "https://gitlab.acme.example", ["GITLAB_TOKEN"] = "x" };
        using var http = new HttpClient();
        var remote = RemoteConfig.Resolve(null, null, "git@gitlab.acme.example:acme/platform.git", n => env.GetValueOrDefault(n), http);
        Assert.IsType<GitLabRemote>(remote);
        var github = RemoteConfig.Resolve(null, null, "git@github.com:acme/platform.git", n => n == "GITHUB_TOKEN" ? "y" : null, http);
        Assert.IsType<GitHubRemote>(github);
        var missing = Assert.Throws<RemoteException>(() => RemoteConfig.Resolve("gitlab", "1", null, _ => null, http));
        Assert.Equal("INV0615", missing.Diagnostic.Code);
    }
}
