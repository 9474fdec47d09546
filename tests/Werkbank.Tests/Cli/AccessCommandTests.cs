using Spectre.Console.Testing;
using Werkbank.Cli;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Cli;

public sealed class AccessCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(400);
        var code = App.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Should_Explain_A_User_With_The_Granting_Lines()
    {
        var (code, output) = Run("explain", "lmueller", "--inventory", Repo.ExampleInventory);
        Assert.Equal(0, code);
        Assert.Contains("role developer    users/lmueller.yaml:4:7 -> roles.yaml:2:1", output, StringComparison.Ordinal);
        Assert.Contains("team data-science (lead)", output, StringComparison.Ordinal);
        Assert.Matches(@"ollama\s+user\s+roles\.yaml:8:\d+\s+role developer: access\.ollama, 120/min", output);
        Assert.Matches(@"supabase\s+none", output);
    }

    [Fact]
    public void Should_Explain_Suspended_And_Removed_Users()
    {
        var (code, suspended) = Run("explain", "ifernandez", "--inventory", Repo.ExampleInventory);
        Assert.Equal(0, code);
        Assert.Contains("suspended: disabled in Keycloak, no gateway consumer, no Guacamole connection", suspended, StringComparison.Ordinal);
        var (_, removed) = Run("explain", "hschmidt", "--inventory", Repo.ExampleInventory);
        Assert.Contains("no access anywhere", removed, StringComparison.Ordinal);
        Assert.DoesNotContain("central services", removed, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_An_Unknown_User_With_A_Suggestion()
    {
        var (code, output) = Run("explain", "lmuller", "--inventory", Repo.ExampleInventory);
        Assert.Equal(App.UsageError, code);
        Assert.Contains("did you mean 'lmueller'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Exit_1_When_Audit_Finds_A_Mismatch()
    {
        using var temp = new TempDir("werkbank-audit-cli-");
        TestRender.WriteTo(temp.Path, TestRender.ExampleFiles());
        Assert.Equal(0, Run("audit", "--inventory", Repo.ExampleInventory, "--out", temp.Path).Code);
        var guacamole = Path.Combine(temp.Path, "guacamole", "user-mapping.xml");
        File.WriteAllText(guacamole, File.ReadAllText(guacamole).Replace("username=\"pnowak\"", "username=\"hschmidt\"", StringComparison.Ordinal));
        var (code, output) = Run("audit", "--inventory", Repo.ExampleInventory, "--out", temp.Path);
        Assert.Equal(1, code);
        Assert.Contains("guacamole/user-mapping.xml: users: grants a Guacamole login to 'hschmidt'", output, StringComparison.Ordinal);
    }
}
