using Spectre.Console.Testing;
using Werkbank.Cli;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Authoring;

/// <summary>new-user, suspend-user and remove-user through the real CLI, with a TestConsole and scripted answers.</summary>
public sealed class NewUserCommandTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPHEth/70iZrGUmI9Ia3ESYxacgHMudp9KYIXxBH7GPX jdoe@laptop";
    private readonly TempDir temp = new("werkbank-newuser-");

    public NewUserCommandTests()
    {
        TempDir.CopyTree(Repo.Path("tests", "Plans", "add-user", "base"), Inventory);
    }

    /// <summary>The plan fixture's pve-01 (64 GiB) holds its three users and one more medium VM; a test that adds two needs room for the second (INV0209 otherwise, rightly).</summary>
    private void MakeRoomForASecondNewUser()
    {
        var hosts = Path.Combine(Inventory, "hosts.yaml");
        var text = File.ReadAllText(hosts);
        Assert.Contains("memory_gib: 64\n", text, StringComparison.Ordinal);
        File.WriteAllText(hosts, text.Replace("memory_gib: 64\n", "memory_gib: 128\n", StringComparison.Ordinal));
    }

    private string Inventory => temp.Combine("inventory");

    private string Out => temp.Combine("out");

    private string[] Common => ["--inventory", Inventory, "--out", Out, "--templates", Repo.Templates, "--threads", "2"];

    private (int Code, string Output) Run(TestConsole console, params string[] args)
    {
        var code = App.Run([.. args, .. Common], console);
        return (code, console.Output);
    }

    private static string[] Flags(string user = "jdoe") =>
        ["new-user", "--username", user, "--full-name", "Jane Doe", "--email", $"{user}@tiny.example", "--role", "developer", "--teams", "data-science", "--ssh-key", Key, "--yes"];

    [Fact]
    public void Should_Ask_Every_Question_And_Ask_Again_After_A_Wrong_Answer()
    {
        var keyFile = temp.Combine("id_ed25519.pub");
        File.WriteAllText(keyFile, Key + "\n");
        var console = new TestConsole().Interactive();
        console.Profile.Width = 200;
        console.Input.PushTextWithEnter("Bad_Name");         // not a slug: asked again
        console.Input.PushTextWithEnter("alice");            // exists: asked again
        console.Input.PushTextWithEnter("jdoe");
        console.Input.PushTextWithEnter("Jane Doe");
        console.Input.PushTextWithEnter("not-an-email");     // asked again
        console.Input.PushTextWithEnter("jdoe@tiny.example");
        console.Input.PushKey(ConsoleKey.DownArrow);         // roles: analyst, developer, ml-engineer
        console.Input.PushKey(ConsoleKey.DownArrow);
        console.Input.PushKey(ConsoleKey.Enter);
        console.Input.PushKey(ConsoleKey.Spacebar);          // teams: data-science
        console.Input.PushKey(ConsoleKey.Enter);
        console.Input.PushKey(ConsoleKey.Enter);             // flavor: the role's default (first)
        console.Input.PushTextWithEnter("2");                // only 1 GPU free: asked again
        console.Input.PushTextWithEnter("1");
        console.Input.PushTextWithEnter("ssh-rsa AAAA");     // broken key: asked again
        console.Input.PushTextWithEnter("~/nope/id.pub");    // no such file: asked again
        console.Input.PushTextWithEnter(keyFile);            // a path to the .pub file
        console.Input.PushTextWithEnter("y");                // write and render
        console.Input.PushTextWithEnter("n");                // no merge request (offered: a remote is configured)
        var variable = "WERKBANK_TEST_TOKEN_" + Path.GetFileName(temp.Path).Replace('-', '_');
        Environment.SetEnvironmentVariable(variable, "glpat-test");

        var (code, output) = Run(console, "new-user", "--remote", "gitlab", "--gitlab-url", "http://127.0.0.1:9/", "--project", "acme/platform", "--token-variable", variable);
        Environment.SetEnvironmentVariable(variable, null);

        Assert.True(code == 0, output);
        Assert.Contains("'Bad_Name' is not a valid user name", output, StringComparison.Ordinal);
        Assert.Contains("user 'alice' already exists", output, StringComparison.Ordinal);
        Assert.Contains("'not-an-email' is not a valid email address", output, StringComparison.Ordinal);
        Assert.Contains("1 free", output, StringComparison.Ordinal);
        Assert.Contains("there is no file '~/nope/id.pub'", output, StringComparison.Ordinal);
        Assert.Contains("jdoe is added: gains qdrant editor on data-science-docs", output, StringComparison.Ordinal);
        var file = File.ReadAllText(Path.Combine(Inventory, "users", "jdoe.yaml"));
        Assert.StartsWith("# yaml-language-server: $schema=../../schema/user.schema.json\n", file, StringComparison.Ordinal);
        Assert.Contains("role: ml-engineer", file, StringComparison.Ordinal);
        Assert.Contains("gpus: 1", file, StringComparison.Ordinal);
        Assert.Contains("jdoe@laptop", file, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "cloud-init", "jdoe", "user-data")));
        Assert.Contains("open a merge request on GitLab at http://127.0.0.1:9?", output, StringComparison.Ordinal);
        Assert.Contains("Next: commit the change on a branch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Add_A_User_Without_Prompts_Then_Plan_Shows_It()
    {
        var (code, output) = Run(new TestConsole(), Flags());
        Assert.True(code == 0, output);
        Assert.False(new TestConsole().Profile.Capabilities.Interactive);
        Assert.True(File.Exists(Path.Combine(Out, "cloud-init", "jdoe", "user-data")));
        Assert.Empty(Compile().Diagnostics.Where(d => d.IsError));

        var plan = new TestConsole();
        plan.Profile.Width = 400;
        var planCode = App.Run(["plan", "--base-inventory", Repo.Path("tests", "Plans", "add-user", "base"), "--summary", temp.Combine("plan.md"), .. Common], plan);
        Assert.True(planCode == 0, plan.Output);
        var summary = File.ReadAllText(temp.Combine("plan.md"));
        Assert.Contains("- **added** jdoe: Jane Doe", summary, StringComparison.Ordinal);
        Assert.Contains("| jdoe-ws | created |", summary, StringComparison.Ordinal);
    }

    private Pipeline.Compilation Compile() => Pipeline.Compiler.Compile(Inventory);

    [Fact]
    public void Should_Refuse_Bad_Flags_Without_Writing()
    {
        Assert.Contains("INV0603", Run(new TestConsole(), Flags("alice")).Output, StringComparison.Ordinal);
        var (code, output) = Run(new TestConsole(), [.. Flags(), "--gpus", "1"]);
        Assert.Equal(App.UsageError, code);
        Assert.Contains("INV0606", output, StringComparison.Ordinal);
        Assert.Contains("INV0607", Run(new TestConsole(), [.. Flags(), "--role", "ml-engineer", "--gpus", "3"]).Output, StringComparison.Ordinal);
        var missing = Run(new TestConsole(), "new-user", "--username", "jdoe", "--yes");
        Assert.Contains("--full-name: is required", missing.Output, StringComparison.Ordinal);
        var invalid = Run(new TestConsole(), [.. Flags(), "--local", "ollama,ollama"]);
        Assert.Contains("INV0608", invalid.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Inventory, "users", "jdoe.yaml")));
    }

    [Fact]
    public void Should_Suspend_And_Remove_By_Editing_The_State()
    {
        Assert.Equal(0, Run(new TestConsole(), "suspend-user", "bob", "--yes").Code);
        Assert.EndsWith("state: suspended\n", File.ReadAllText(Path.Combine(Inventory, "users", "bob.yaml")), StringComparison.Ordinal);
        Assert.Contains("INV0605", Run(new TestConsole(), "suspend-user", "bob", "--yes").Output, StringComparison.Ordinal);
        Assert.Equal(0, Run(new TestConsole(), "remove-user", "bob", "--yes").Code);
        var text = File.ReadAllText(Path.Combine(Inventory, "users", "bob.yaml"));
        Assert.EndsWith("state: removed\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("state:", StringComparison.Ordinal));
        Assert.Contains("INV0604", Run(new TestConsole(), "remove-user", "bobb", "--yes").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Open_The_Merge_Request_And_Keep_The_File_When_The_Remote_Fails()
    {
        MakeRoomForASecondNewUser();
        var variable = "WERKBANK_TEST_TOKEN_" + Path.GetFileName(temp.Path).Replace('-', '_');
        Environment.SetEnvironmentVariable(variable, "glpat-test");
        using var server = new FakeApiServer(r => r.Token != "glpat-test" ? (401, "{}") : (r.Method, r.Path) switch
        {
            ("GET", _) => (200, """{"default_branch":"main"}"""),
            ("POST", var p) when p.EndsWith("/merge_requests", StringComparison.Ordinal) => (201, """{"web_url":"http://mr/1"}"""),
            ("POST", _) => (201, "{}"),
            _ => (404, "{}"),
        });
        string[] remote = ["--merge-request", "--remote", "gitlab", "--gitlab-url", server.Url.ToString(), "--project", "acme/platform", "--token-variable", variable];
        var (code, output) = Run(new TestConsole(), [.. Flags(), .. remote]);
        Assert.True(code == 0, output);
        Assert.Contains("opened http://mr/1", output, StringComparison.Ordinal);
        var commit = server.Requests.Single(r => r.Path.EndsWith("/repository/commits", StringComparison.Ordinal)).Body;
        Assert.Contains("inventory/users/jdoe.yaml", commit, StringComparison.Ordinal);
        Assert.Contains("out/cloud-init/jdoe/user-data", commit, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable(variable, "revoked");
        var failed = Run(new TestConsole { Profile = { Width = 400 } }, [.. Flags("kim"), .. remote]);
        Assert.True(failed.Code == 4, failed.Output);
        Assert.Contains("error INV0610", failed.Output, StringComparison.Ordinal);
        Assert.Contains("The local change is kept", failed.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Inventory, "users", "kim.yaml")));
        Environment.SetEnvironmentVariable(variable, null);
    }

    [Fact]
    public void Should_Say_INV0601_And_INV0602_When_The_Base_Is_Unusable()
    {
        var console = new TestConsole { Profile = { Width = 400 } };
        Assert.Equal(1, App.Run(["plan", "--base-ref", "no-such-ref", "--inventory", Inventory, "--out", Out, "--templates", Repo.Templates], console));
        Assert.Contains("INV0601", console.Output, StringComparison.Ordinal);
        using var broken = new InventoryFixture(Inventory);
        broken.With("users/bob.yaml", "role: nope\n");
        var second = new TestConsole { Profile = { Width = 400 } };
        Assert.Equal(1, App.Run(["plan", "--base-inventory", broken.Root, .. Common], second));
        Assert.Contains("INV0602", second.Output, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
