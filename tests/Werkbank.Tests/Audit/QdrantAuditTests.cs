namespace Werkbank.Tests.Audit;

/// <summary>The Qdrant plan is written by another target; when present, the audit checks each team reaches exactly its own collections.</summary>
public sealed class QdrantAuditTests
{
    private static string Plan(string researchCollection) => $$"""
        {
          "access": [
            { "team": "data-science", "claims": { "access": [
              { "collection": "data-science-code", "access": "rw" },
              { "collection": "data-science-docs", "access": "rw" },
              { "collection": "data-science-reports", "access": "rw" } ] } },
            { "team": "platform", "claims": { "access": [
              { "collection": "platform-code", "access": "rw" }, { "collection": "platform-runbooks", "access": "rw" } ] } },
            { "team": "research", "claims": { "access": [
              { "collection": "research-experiments", "access": "rw" }, { "collection": "{{researchCollection}}", "access": "rw" } ] } },
            { "team": "support", "claims": { "access": [
              { "collection": "support-kb", "access": "rw" }, { "collection": "support-tickets", "access": "rw" } ] } }
          ]
        }
        """;

    [Fact]
    public void Should_Accept_A_Plan_Where_Each_Team_Reaches_Its_Own_Collections()
    {
        using var rendered = new AccessAuditTests.Rendered(Support.TestRender.ExampleBuild());
        Directory.CreateDirectory(Path.Combine(rendered.Out, "qdrant"));
        File.WriteAllText(Path.Combine(rendered.Out, "qdrant", "plan.json"), Plan("research-papers"));
        var result = rendered.Audit();
        Assert.True(result.Clean, string.Join("\n", result.Findings));
        Assert.Contains("qdrant/plan.json", result.Checked);
    }

    [Fact]
    public void Should_Report_A_Team_Reaching_Another_Teams_Collection()
    {
        using var rendered = new AccessAuditTests.Rendered(Support.TestRender.ExampleBuild());
        Directory.CreateDirectory(Path.Combine(rendered.Out, "qdrant"));
        File.WriteAllText(Path.Combine(rendered.Out, "qdrant", "plan.json"), Plan("support-tickets"));
        var findings = rendered.Audit().Findings;
        Assert.Contains(findings, f => f.Subject == "team research" && f.Message.Contains("'support-tickets'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Subject == "team research" && f.Message.Contains("'research-papers'", StringComparison.Ordinal));
    }
}
