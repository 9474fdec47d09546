using Werkbank.Audit;
using Werkbank.Pipeline;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Audit;

/// <summary>
/// The audit as a test: render, read the files back the way their consumers do, and compare every user's
/// access at every enforcement point with the model. Tampering tests prove each check can fail.
/// </summary>
public sealed class AccessAuditTests
{
    internal sealed class Rendered : IDisposable
    {
        private readonly TempDir temp = new("werkbank-audit-");

        public Rendered(BuildResult build)
        {
            Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Where(d => d.IsError).Select(d => d.Format("inventory"))));
            Build = build;
            TestRender.WriteTo(Out, build.Files);
        }

        public BuildResult Build { get; }

        public string Out => temp.Path;

        public AuditResult Audit() => AccessAudit.Run(Build.Compilation.Model!, Out);

        public void Edit(string path, Func<string, string> change)
        {
            var full = Path.Combine(Out, path);
            var before = File.ReadAllText(full);
            var after = change(before);
            Assert.NotEqual(before, after);
            File.WriteAllText(full, after);
        }

        public void Dispose() => temp.Dispose();
    }

    private static string Report(AuditResult result) => string.Join("\n", result.Findings);

    [Fact]
    public void Should_Find_The_Example_Granting_Exactly_The_Inventory_Access()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        var result = rendered.Audit();
        Assert.True(result.Clean, Report(result));
        Assert.Equal(["keycloak/realm-acme.json", "traefik/dynamic.yml", "guacamole/user-mapping.xml", "gitlab/plan.json", "qdrant/plan.json"], result.Checked);
    }

    [Theory]
    [InlineData("traefik")]
    [InlineData("kong")]
    public void Should_Find_A_Generated_Inventory_Of_2000_Users_Granting_Exactly_The_Inventory_Access(string gateway)
    {
        using var temp = new TempDir("werkbank-gen-");
        new SyntheticInventory { Users = 2000, UsersPerTeam = 40, SecondTeamShare = 0.5, SuspendedShare = 0.05, RemovedShare = 0.05, Gateway = gateway, AwkwardNames = true }.WriteTo(temp.Path);
        using var rendered = new Rendered(TestRender.Build(temp.Path));
        var result = rendered.Audit();
        Assert.True(result.Clean, Report(result));
        Assert.Contains(gateway == "kong" ? "kong/kong.yml" : "traefik/dynamic.yml", result.Checked);
        Assert.Contains(rendered.Build.Compilation.Model!.Users, u => u.State == Model.UserState.Suspended);
        Assert.Contains(rendered.Build.Compilation.Model!.Users, u => u.State == Model.UserState.Removed);
    }

    [Fact]
    public void Should_Report_A_Suspended_User_Enabled_In_The_Realm()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("keycloak/realm-acme.json", text => text.Replace(
            "\"username\": \"ifernandez\",\n      \"enabled\": false", "\"username\": \"ifernandez\",\n      \"enabled\": true", StringComparison.Ordinal));
        var result = rendered.Audit();
        Assert.Contains(result.Findings, f => f.Subject == "user ifernandez" && f.Message.Contains("enabled", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.File == "traefik/dynamic.yml" && f.Subject.StartsWith("user ifernandez,", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Removed_User_Back_In_The_Realm_And_Guacamole()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("keycloak/realm-acme.json", text => text.Replace("\"username\": \"jgross\"", "\"username\": \"hschmidt\"", StringComparison.Ordinal));
        rendered.Edit("guacamole/user-mapping.xml", text => text.Replace("username=\"jgross\"", "username=\"hschmidt\"", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.File == "keycloak/realm-acme.json" && f.Subject == "user hschmidt" && f.Message.Contains("is removed", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.File == "guacamole/user-mapping.xml" && f.Message.Contains("'hschmidt'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Removed_User_Missing_From_The_Realm()
    {
        // Missing, the account would stay as it is in Keycloak: keycloak-config-cli deletes no user.
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("keycloak/realm-acme.json", text => text.Replace("\"username\": \"hschmidt\"", "\"username\": \"nobody-here\"", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.File == "keycloak/realm-acme.json" && f.Message.Contains("'hschmidt'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Removed_User_Whose_Groups_Are_Left_Out()
    {
        // Left out, the list is not emptied: the account keeps the groups it has.
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("keycloak/realm-acme.json", text => text.Replace(
            "\"username\": \"hschmidt\",\n      \"enabled\": false,\n      \"realmRoles\": [],\n      \"groups\": []",
            "\"username\": \"hschmidt\",\n      \"enabled\": false,\n      \"realmRoles\": []", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "user hschmidt" && f.Message.Contains("is removed", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Role_Composite_That_Grants_More_Than_The_Role()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("keycloak/realm-acme.json", text => text.Replace("            \"ollama:user\",", "            \"ollama:admin\",", StringComparison.Ordinal));
        Assert.Contains(rendered.Audit().Findings, f => f.Subject == "user lmueller, ollama" && f.Message.Contains("grant admin", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Route_For_A_Host_The_Inventory_Does_Not_Have()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("traefik/dynamic.yml", text => text.Replace("Host(`keycloak.acme.internal`)", "Host(`admin.acme.internal`)", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "routes" && f.Message.Contains("'admin.acme.internal'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Role_Let_Through_The_Gateway_Without_Access()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        // analysts have no n8n: admitting them at forwardAuth and routing them must both be caught.
        rendered.Edit("traefik/dynamic.yml", text => text
            .Replace("    auth.n8n:\n      forwardAuth:\n        address: \"http://oauth2-proxy:4180/oauth2/auth?allowed_groups=role%3Adeveloper",
                "    auth.n8n:\n      forwardAuth:\n        address: \"http://oauth2-proxy:4180/oauth2/auth?allowed_groups=role%3Aanalyst%2Crole%3Adeveloper", StringComparison.Ordinal)
            .Replace("    n8n.developer:\n",
                "    n8n.analyst:\n      rule: \"Host(`n8n.acme.internal`) && HeaderRegexp(`X-Auth-Request-Groups`, `(^|,)\\\\s*role:analyst\\\\s*(,|$)`)\"\n      entryPoints:\n      - access\n      middlewares:\n      - ratelimit.analyst\n      service: n8n\n    n8n.developer:\n", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "user akowalska, n8n" && f.Message.Contains("lets the user in", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Changed_Rate_Limit()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("traefik/dynamic.yml", text => text.Replace("average: 120", "average: 1200", StringComparison.Ordinal));
        Assert.Contains(rendered.Audit().Findings, f => f.Subject == "user lmueller, ollama" && f.Message.Contains("1200/min", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Connection_To_Another_Users_VM()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("guacamole/user-mapping.xml", text => text.Replace(">sdubois-ws.acme.internal<", ">jgross-ws.acme.internal<", StringComparison.Ordinal));
        Assert.Contains(rendered.Audit().Findings, f => f.Subject == "user sdubois, guacamole" && f.Message.Contains("jgross-ws", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Raised_GitLab_Level()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        rendered.Edit("gitlab/plan.json", text => text.Replace(
            "\"username\": \"mrossi\",\n          \"access_level\": 30", "\"username\": \"mrossi\",\n          \"access_level\": 50", StringComparison.Ordinal));
        Assert.Contains(rendered.Audit().Findings, f => f.Subject == "user mrossi, gitlab group data-science");
    }

    [Fact]
    public void Should_Report_A_Missing_File()
    {
        using var rendered = new Rendered(TestRender.ExampleBuild());
        File.Delete(Path.Combine(rendered.Out, "gitlab", "plan.json"));
        Assert.Contains(rendered.Audit().Findings, f => f.File == "gitlab/plan.json" && f.Message.Contains("missing", StringComparison.Ordinal));
    }
}
