using System.Text.Json.Nodes;

namespace Werkbank.Tests.Targets.GitLab;

public sealed class GitLabPlanTargetTests
{
    private static JsonObject Plan(string text) => JsonNode.Parse(text)!.AsObject();

    private static Dictionary<string, int> Members(JsonObject plan, string path) =>
        plan["groups"]!.AsArray().Single(g => (string?)g!["path"] == path)!["members"]!.AsArray()
            .ToDictionary(m => (string)m!["username"]!, m => (int)m!["access_level"]!);

    [Fact]
    public void Should_Map_Role_Levels_And_Make_Leads_Maintainers()
    {
        var plan = Plan(AccessFiles.Example("gitlab/plan.json"));

        // lmueller leads data-science (developer: editor -> Developer, lead -> Maintainer); analysts have no gitlab.
        Assert.Equal(new Dictionary<string, int> { ["lmueller"] = 40, ["mrossi"] = 30, ["zangstrom"] = 30 }, Members(plan, "data-science"));
        Assert.Equal(new Dictionary<string, int> { ["ejohansson"] = 40, ["mrossi"] = 30, ["zangstrom"] = 40 }, Members(plan, "rnd/research"));
        Assert.Equal(new Dictionary<string, int> { ["jgross"] = 40, ["nobrien"] = 40, ["pnowak"] = 30, ["tvandenberg"] = 30 }, Members(plan, "platform"));
    }

    [Fact]
    public void Should_Block_Suspended_Users_And_Forget_Removed_Ones()
    {
        var text = AccessFiles.Example("gitlab/plan.json");
        Assert.Equal(["ifernandez"], Plan(text)["blocked_users"]!.AsArray().Select(u => (string?)u));
        Assert.DoesNotContain("hschmidt", text, StringComparison.Ordinal);
    }
}
