using System.Text.Json.Nodes;
using Werkbank.Targets.Qdrant;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Audit;

/// <summary>
/// The audit reads the rendered Qdrant plan as `apply qdrant` does and checks each team's two keys: the read
/// key "r", the write key "rw", each on exactly the team's own collections. Each test tampers with the real plan.
/// </summary>
public sealed class QdrantAuditTests
{
    private static AccessAuditTests.Rendered Example() => new(TestRender.ExampleBuild());

    private static AccessAuditTests.Rendered Shared(InventoryFixture fixture)
    {
        fixture.With("platform.yaml", fixture.Read("platform.yaml").Replace("tenancy: collection-per-team", "tenancy: shared-collection", StringComparison.Ordinal));
        return new(TestRender.Build(fixture.Root));
    }

    /// <summary>Edits the plan as JSON: the keys of a team, by credential name.</summary>
    private static void EditKey(AccessAuditTests.Rendered rendered, string credential, Action<JsonArray> change) =>
        rendered.Edit(QdrantPlan.Path, text =>
        {
            var plan = JsonNode.Parse(text)!;
            var key = plan["access"]!.AsArray().SelectMany(a => a!["keys"]!.AsArray()).Single(k => (string?)k!["credential_name"] == credential)!;
            change(key["claims"]!["access"]!.AsArray());
            return plan.ToJsonString(QdrantPlan.JsonOptions);
        });

    [Fact]
    public void Should_Accept_The_Rendered_Plan_In_Both_Tenancy_Modes()
    {
        using var example = Example();
        var result = example.Audit();
        Assert.True(result.Clean, string.Join("\n", result.Findings));
        Assert.Contains(QdrantPlan.Path, result.Checked);

        using var fixture = new InventoryFixture(Repo.ExampleInventory);
        using var shared = Shared(fixture);
        var sharedResult = shared.Audit();
        Assert.True(sharedResult.Clean, string.Join("\n", sharedResult.Findings));
        Assert.Contains(QdrantPlan.Path, sharedResult.Checked);
    }

    [Fact]
    public void Should_Report_A_Team_Key_Reaching_Another_Teams_Collection()
    {
        using var rendered = Example();
        EditKey(rendered, "qdrant-research-write", entries =>
        {
            var papers = entries.Single(e => (string?)e!["collection"] == "research-papers")!;
            papers["collection"] = "support-tickets";
        });
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "team research" && f.Message.Contains("grants 'rw' access to collection 'support-tickets'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Subject == "team research" && f.Message.Contains("lacks 'rw' access to collection 'research-papers'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Read_Key_That_Can_Write()
    {
        using var rendered = Example();
        EditKey(rendered, "qdrant-support-read", entries => entries[0]!["access"] = "rw");
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "team support, key qdrant-support-read" && f.Message.Contains("grants 'rw' on collection 'support-kb'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Subject == "team support" && f.Message.Contains("lacks 'r' access to collection 'support-kb'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Missing_Key_And_A_Missing_Plan()
    {
        using var rendered = Example();
        rendered.Edit(QdrantPlan.Path, text =>
        {
            var plan = JsonNode.Parse(text)!;
            var keys = plan["access"]!.AsArray().Single(a => (string?)a!["team"] == "platform")!["keys"]!.AsArray();
            keys.Remove(keys.Single(k => (string?)k!["credential_name"] == "qdrant-platform-write"));
            return plan.ToJsonString(QdrantPlan.JsonOptions);
        });
        Assert.Contains(rendered.Audit().Findings, f => f.Subject == "team platform" && f.Message.Contains("lacks the key 'qdrant-platform-write'", StringComparison.Ordinal));

        File.Delete(Path.Combine(rendered.Out, QdrantPlan.Path));
        Assert.Contains(rendered.Audit().Findings, f => f.File == QdrantPlan.Path && f.Message.Contains("is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Shared_Collection_Key_Without_The_Team_Payload()
    {
        using var fixture = new InventoryFixture(Repo.ExampleInventory);
        using var rendered = Shared(fixture);
        EditKey(rendered, "qdrant-research-read", entries => entries.Single(e => (string?)e!["collection"] == "papers")!.AsObject().Remove("payload"));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "team research, key qdrant-research-read" && f.Message.Contains("reaches other teams' points in collection 'papers'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_A_Planned_Collection_The_Inventory_Does_Not_Have()
    {
        using var rendered = Example();
        rendered.Edit(QdrantPlan.Path, text => text.Replace("\"name\": \"support-kb\"", "\"name\": \"support-archive\"", StringComparison.Ordinal));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "collections" && f.Message.Contains("'support-archive'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Subject == "collections" && f.Message.Contains("'support-kb'", StringComparison.Ordinal));
    }
}
