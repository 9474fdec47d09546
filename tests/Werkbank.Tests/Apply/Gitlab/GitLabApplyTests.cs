using System.Text.Json.Nodes;
using Spectre.Console.Testing;
using Werkbank.Apply.Gitlab;
using Werkbank.Authoring.Remote;
using Werkbank.Targets.GitLab;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Apply.Gitlab;

/// <summary>`apply gitlab` with the example plan against <see cref="FakeGitLab"/> on 127.0.0.1.</summary>
public sealed class GitLabApplyTests : IDisposable
{
    private static readonly string[] PlannedUsers =
        ["ejohansson", "ifernandez", "jgross", "lmueller", "mrossi", "nobrien", "pnowak", "tvandenberg", "zangstrom"];

    private readonly FakeGitLab gitlab = new();

    public GitLabApplyTests()
    {
        foreach (var user in PlannedUsers)
        {
            gitlab.AddUser(user);
        }
    }

    public void Dispose() => gitlab.Dispose();

    private static GitLabPlan ExamplePlan() =>
        GitLabPlan.FromJson(TestRender.ExampleFiles().Single(f => f.Path == GitLabPlanTarget.Path).ContentAsText);

    private Task<(int Exit, string Output)> Run(bool apply, bool prune = false, string token = FakeGitLab.Token) =>
        Run(gitlab.Url, new HttpClient(), apply, prune, token);

    private static async Task<(int Exit, string Output)> Run(Uri url, HttpClient client, bool apply, bool prune = false, string token = FakeGitLab.Token)
    {
        using var http = client;
        var api = new GitLabApi(http, url, token, maxAttempts: 5, delay: (_, _) => Task.CompletedTask);
        var console = new TestConsole().Width(400);
        var exit = await GitLabApply.RunAsync(ExamplePlan(), new GitLabGroupsClient(api), new GitLabApplyOptions(apply, prune, "test"), console, null,
            TestContext.Current.CancellationToken);
        return (exit, console.Output);
    }

    /// <summary>platform as the plan wants it, so that a test can change one thing.</summary>
    private FakeGitLab.Group SeedPlatform()
    {
        var platform = gitlab.AddGroup("platform");
        foreach (var (user, level) in new[] { ("jgross", 40), ("nobrien", 40), ("pnowak", 30), ("tvandenberg", 30) })
        {
            gitlab.Members[platform.Id][gitlab.Users.Single(u => u.Username == user).Id] = level;
        }

        return platform;
    }

    [Fact]
    public async Task Should_Create_Groups_Parents_First_Add_Members_And_Block_Suspended_Users()
    {
        var (exit, output) = await Run(apply: true);

        Assert.True(exit == GitLabApply.InSyncExit, output);
        Assert.Equal(["data-science", "platform", "rnd", "rnd/research", "support"], gitlab.Groups.Select(g => g.FullPath).Order(StringComparer.Ordinal));
        var rnd = gitlab.Groups.Single(g => g.FullPath == "rnd");
        Assert.Equal(rnd.Id, gitlab.Groups.Single(g => g.FullPath == "rnd/research").ParentId);
        Assert.All(gitlab.Groups, g => Assert.Equal("private", g.Visibility));
        Assert.Equal(40, gitlab.LevelOf("rnd/research", "zangstrom"));
        Assert.Equal(30, gitlab.LevelOf("data-science", "zangstrom"));
        Assert.Equal(40, gitlab.LevelOf("platform", "jgross"));
        Assert.Null(gitlab.LevelOf("platform", "ifernandez"));
        Assert.Empty(gitlab.Members[rnd.Id]);
        Assert.Equal("blocked", gitlab.Users.Single(u => u.Username == "ifernandez").State);
        Assert.All(gitlab.Requests, r => Assert.Equal(FakeGitLab.Token, r.Token));
        Assert.Contains("+ created group rnd/research (private, in rnd)", output, StringComparison.Ordinal);
        Assert.Contains("+ added lmueller to data-science as maintainer (40): teams/data-science.yaml: leads;", output, StringComparison.Ordinal);
        Assert.Contains("~ blocked user ifernandez: suspended in the inventory", output, StringComparison.Ordinal);
        Assert.Equal(5 + 12 + 1, gitlab.Writes.Count());
    }

    [Fact]
    public async Task Should_Change_Nothing_On_A_Second_Run()
    {
        await Run(apply: true);
        var writes = gitlab.Writes.Count();

        var (exit, output) = await Run(apply: true);

        Assert.Equal(GitLabApply.InSyncExit, exit);
        Assert.Equal(writes, gitlab.Writes.Count());
        Assert.Contains("= group rnd/research (3 member(s)): in sync", output, StringComparison.Ordinal);
        Assert.Contains("= user ifernandez (blocked): in sync", output, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?m)^[+~-] ", output);
        Assert.Equal(GitLabApply.InSyncExit, (await Run(apply: false)).Exit);
    }

    [Fact]
    public async Task Should_Only_Print_In_A_Dry_Run_And_Exit_3()
    {
        var (exit, output) = await Run(apply: false);

        Assert.Equal(GitLabApply.WouldChange, exit);
        Assert.Empty(gitlab.Writes);
        Assert.Empty(gitlab.Groups);
        Assert.Contains("+ create group rnd (private, a parent of a team's group)", output, StringComparison.Ordinal);
        Assert.Contains("+ add mrossi to rnd/research as developer (30)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Change_A_Wrong_Level()
    {
        var platform = SeedPlatform();
        var pnowak = gitlab.Users.Single(u => u.Username == "pnowak");
        gitlab.Members[platform.Id][pnowak.Id] = 20;

        var (dryExit, dryOutput) = await Run(apply: false);
        Assert.Equal(GitLabApply.WouldChange, dryExit);
        Assert.Contains("~ change pnowak in platform: reporter (20) -> developer (30)", dryOutput, StringComparison.Ordinal);
        Assert.Equal(20, gitlab.LevelOf("platform", "pnowak"));

        var (exit, _) = await Run(apply: true);

        Assert.Equal(GitLabApply.InSyncExit, exit);
        Assert.Equal(30, gitlab.LevelOf("platform", "pnowak"));
        var put = Assert.Single(gitlab.Requests, r => r.Method == "PUT");
        Assert.Equal($"/api/v4/groups/{platform.Id}/members/{pnowak.Id}", put.Path);
        Assert.Equal(30, JsonNode.Parse(put.Body)!["access_level"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_Remove_Members_Not_In_The_Plan_Only_With_Prune_And_Never_Owners()
    {
        var platform = SeedPlatform();
        var old = gitlab.AddUser("olduser");
        var root = gitlab.AddUser("root");
        gitlab.Members[platform.Id][old.Id] = 30;
        gitlab.Members[platform.Id][root.Id] = 50;

        var (exit, output) = await Run(apply: true);
        Assert.Equal(GitLabApply.InSyncExit, exit);
        Assert.Equal(30, gitlab.LevelOf("platform", "olduser"));
        Assert.DoesNotContain(gitlab.Requests, r => r.Method == "DELETE");
        Assert.Contains("? olduser (developer (30)) in platform is not in the plan; kept (apply --prune removes it)", output, StringComparison.Ordinal);

        var (pruneDry, pruneOutput) = await Run(apply: false, prune: true);
        Assert.Equal(GitLabApply.WouldChange, pruneDry);
        Assert.Contains("- remove olduser (developer (30)) from platform: not in the plan (--prune)", pruneOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(gitlab.Requests, r => r.Method == "DELETE");

        var (pruned, _) = await Run(apply: true, prune: true);
        Assert.Equal(GitLabApply.InSyncExit, pruned);
        Assert.Null(gitlab.LevelOf("platform", "olduser"));
        Assert.Equal(50, gitlab.LevelOf("platform", "root"));
        Assert.Equal($"/api/v4/groups/{platform.Id}/members/{old.Id}", Assert.Single(gitlab.Requests, r => r.Method == "DELETE").Path);
        Assert.Contains(gitlab.Groups, g => g.FullPath == "platform");
    }

    [Fact]
    public async Task Should_Read_Every_Page_Of_Members()
    {
        gitlab.PageSize = 2;
        SeedPlatform();

        var (exit, output) = await Run(apply: true);

        Assert.True(exit == GitLabApply.InSyncExit, output);
        Assert.Contains("= group platform (4 member(s)): in sync", output, StringComparison.Ordinal);
        var platformId = gitlab.Groups.Single(g => g.FullPath == "platform").Id;
        Assert.DoesNotContain(gitlab.Writes, r => r.Path.StartsWith($"/api/v4/groups/{platformId}/", StringComparison.Ordinal));
        Assert.Contains(gitlab.Requests, r => r.Path == $"/api/v4/groups/{platformId}/members?per_page=100&page=2");
        Assert.DoesNotContain(gitlab.Requests, r => r.Path == $"/api/v4/groups/{platformId}/members?per_page=100&page=3");
    }

    [Fact]
    public async Task Should_Say_INV0616_In_One_Line_When_The_Token_Is_Rejected()
    {
        var (exit, output) = await Run(apply: true, token: "wrong");

        Assert.Equal(GitLabApply.RemoteError, exit);
        Assert.Contains("error INV0616: GitLab at http://127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("rejected GITLAB_TOKEN (401 Unauthorized)", output, StringComparison.Ordinal);
        Assert.Single(gitlab.Requests);
        Assert.Empty(gitlab.Groups);
    }

    [Fact]
    public async Task Should_Say_INV0617_When_The_Token_May_Not_Create_Groups()
    {
        gitlab.Fail = r => r is { Method: "POST", Path: "/api/v4/groups" } ? new(403, """{"message":"403 Forbidden"}""") : null;

        var (exit, output) = await Run(apply: true);

        Assert.Equal(GitLabApply.RemoteError, exit);
        Assert.Contains("error INV0617: ", output, StringComparison.Ordinal);
        Assert.Contains("does not allow the token to create the group 'data-science' (403 Forbidden)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Say_INV0618_When_A_Group_Vanishes_While_Reading()
    {
        var platform = SeedPlatform();
        gitlab.Fail = r => r.Path.StartsWith($"/api/v4/groups/{platform.Id}/members", StringComparison.Ordinal) ? new(404, """{"message":"404 Group Not Found"}""") : null;

        var (exit, output) = await Run(apply: false);

        Assert.Equal(GitLabApply.RemoteError, exit);
        Assert.Contains("error INV0618: ", output, StringComparison.Ordinal);
        Assert.Contains("the members of 'platform' (404 Not Found)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Retry_Server_Errors_And_Then_Succeed()
    {
        var failures = 2;
        gitlab.Fail = r => r.Method == "POST" && Interlocked.Decrement(ref failures) >= 0 ? new(502, "<html>Bad Gateway</html>") : null;

        var (exit, output) = await Run(apply: true);

        Assert.True(exit == GitLabApply.InSyncExit, output);
        Assert.Equal(3, gitlab.Requests.Count(r => r is { Method: "POST", Path: "/api/v4/groups" } && r.Body.Contains("\"data-science\"", StringComparison.Ordinal)));
        Assert.Single(gitlab.Groups, g => g.FullPath == "data-science");
    }

    [Fact]
    public async Task Should_Give_Up_After_Five_Attempts_With_INV0619()
    {
        gitlab.Fail = r => r.Method == "GET" ? new(503, """{"message":"maintenance"}""") : null;

        var (exit, output) = await Run(apply: true);

        Assert.Equal(GitLabApply.RemoteError, exit);
        Assert.Contains("error INV0619: ", output, StringComparison.Ordinal);
        Assert.Contains("(503) after 5 attempt(s): maintenance", output, StringComparison.Ordinal);
        Assert.Equal(5, gitlab.Requests.Count());
    }

    [Fact]
    public async Task Should_Retry_A_Request_That_Timed_Out()
    {
        var first = 1;
        gitlab.Fail = _ =>
        {
            if (Interlocked.Exchange(ref first, 0) == 1)
            {
                Thread.Sleep(TimeSpan.FromSeconds(2)); // longer than the client's timeout below
            }

            return null;
        };

        var (exit, output) = await Run(gitlab.Url, new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) }, apply: true);

        Assert.True(exit == GitLabApply.InSyncExit, output);
        Assert.Equal(5, gitlab.Groups.Count);
        var firstTwo = gitlab.Requests.Take(2).Select(r => r.Path).ToList();
        Assert.Equal(firstTwo[0], firstTwo[1]);
    }

    [Fact]
    public async Task Should_Say_INV0613_When_GitLab_Cannot_Be_Reached()
    {
        var closed = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");

        var (exit, output) = await Run(closed, new HttpClient(), apply: true);

        Assert.Equal(GitLabApply.RemoteError, exit);
        Assert.Contains("error INV0613: cannot reach GitLab at http://127.0.0.1:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_Report_A_Planned_User_Without_A_GitLab_Account_As_Drift()
    {
        gitlab.Users.RemoveAll(u => u.Username == "mrossi");

        var (exit, output) = await Run(apply: true);

        Assert.Equal(GitLabApply.DriftFound, exit);
        Assert.Contains("! mrossi is not a GitLab user yet, so cannot join data-science.", output, StringComparison.Ordinal);
        Assert.Equal(40, gitlab.LevelOf("data-science", "lmueller"));
    }

    [Fact]
    public void Should_Compare_With_An_Empty_GitLab_Without_Knowing_Users()
    {
        var steps = GitLabReconciler.Diff(ExamplePlan(), LiveGitLab.Empty, prune: true);

        Assert.DoesNotContain(steps, s => s is Drift);
        Assert.Equal(12, steps.OfType<AddMember>().Count());
        Assert.Equal(["rnd", "rnd/research"], steps.OfType<CreateGroup>().Select(c => c.Path).Where(p => p.StartsWith("rnd", StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_Refuse_Wrong_Usage_Of_The_Command_With_Exit_2()
    {
        using var dir = new TempDir();
        var notAPlan = Path.Combine(dir.Path, "plan.json");
        File.WriteAllText(notAPlan, """{"format": 2, "url": "https://gitlab.example", "groups": [], "blocked_users": []}""");
        foreach (var args in new[]
        {
            new[] { "apply", "gitlab", "--apply", "--dry-run", "--plan", Repo.Path("out", "gitlab", "plan.json") },
            ["apply", "gitlab", "--plan", Path.Combine(dir.Path, "missing.json")],
            ["apply", "gitlab", "--plan", notAPlan],
        })
        {
            var console = new TestConsole().Width(400);
            Assert.True(Werkbank.Cli.App.Run(args, console) == 2, console.Output);
        }
    }
}
