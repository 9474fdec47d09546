using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Werkbank.Targets.N8n;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.N8n;

public sealed partial class N8nTargetTests
{
    [GeneratedRegex(@"^(Bearer )?\$\{[A-Z][A-Z0-9_]*\}$")]
    private static partial Regex Placeholder();

    [Fact]
    public void Should_Render_The_Workflows_Each_Team_Lists()
    {
        var paths = TestRender.ExampleFiles().Select(f => f.Path).Where(p => p.StartsWith("n8n/", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["n8n/credentials.json", "n8n/data-science/doc-ingest.json", "n8n/data-science/team-qa.json", "n8n/platform/doc-ingest.json", "n8n/research/doc-ingest.json", "n8n/support/team-qa.json"],
            paths);
    }

    [Fact]
    public void Should_Reference_Credentials_By_Id_And_Name_And_Hold_No_Secret()
    {
        var files = TestRender.ExampleFiles();
        var credentials = JsonNode.Parse(files.Single(f => f.Path == N8nTarget.CredentialsPath).ContentAsText)!.AsArray()
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
        Assert.All(credentials.Values.SelectMany(c => c!["data"]!.AsObject()).Where(p => p.Key is "value" or "user" or "password"),
            p => Assert.Matches(Placeholder(), p.Value!.GetValue<string>()));

        var workflow = JsonNode.Parse(files.Single(f => f.Path == "n8n/support/team-qa.json").ContentAsText)!;
        var references = workflow["nodes"]!.AsArray().Select(n => n!["credentials"]).OfType<JsonObject>()
            .SelectMany(c => c.Select(p => (Type: p.Key, Id: p.Value!["id"]!.GetValue<string>(), Name: p.Value!["name"]!.GetValue<string>()))).ToList();
        Assert.Contains(references, r => r.Name == "qdrant-support-read");
        Assert.DoesNotContain(references, r => r.Name.Contains("write", StringComparison.Ordinal));
        Assert.All(references, r => Assert.Equal((credentials[r.Name]["id"]!.GetValue<string>(), credentials[r.Name]["type"]!.GetValue<string>()), (r.Id, r.Type)));
    }

    [Fact]
    public void Should_Derive_Ids_From_Names()
    {
        Assert.Equal(NameIds.Uuid("a"), NameIds.Uuid("a"));
        Assert.NotEqual(NameIds.Uuid("a"), NameIds.Uuid("b"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", NameIds.Uuid("a"));
        Assert.Matches("^[0-9A-Za-z]{16}$", NameIds.Short("a"));
    }
}
