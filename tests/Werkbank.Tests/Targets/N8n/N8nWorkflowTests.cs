using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Werkbank.Targets.N8n;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.N8n;

/// <summary>
/// The example's workflows in a real n8n: imported with its CLI together with the rendered
/// credentials, activated under `n8n start` (unknown node types or bad parameters only fail there),
/// and their webhooks called. A canary workflow with an unknown node type shows that a failed
/// activation is noticed. The central services do not exist here, so "answers" means: the webhook
/// is registered and the workflow runs to its first upstream call and answers with its own JSON.
/// </summary>
public sealed class N8nWorkflowTests
{
    [Fact]
    public async Task Should_Import_Activate_And_Answer_Every_Workflow()
    {
        var files = TestRender.ExampleFiles();
        var workflows = files.Where(f => f.Path.StartsWith("n8n/", StringComparison.Ordinal) && f.Path != N8nTarget.CredentialsPath).ToList();
        Assert.NotEmpty(workflows);
        using var n8n = new N8nServer();
        var folder = n8n.Folder("workflows");
        var names = new List<string>();
        foreach (var file in workflows)
        {
            File.WriteAllBytes(Path.Combine(folder, file.Path["n8n/".Length..].Replace('/', '-')), file.Content);
            names.Add(JsonNode.Parse(file.ContentAsText)!["name"]!.GetValue<string>());
        }

        File.WriteAllText(Path.Combine(folder, "canary.json"), Canary);
        var credentials = Path.Combine(n8n.Folder("credentials"), "credentials.json");
        File.WriteAllBytes(credentials, files.Single(f => f.Path == N8nTarget.CredentialsPath).Content);

        n8n.Cli("import:credentials", $"--input={credentials}");
        n8n.Cli("import:workflow", "--separate", $"--input={folder}");
        n8n.Cli("update:workflow", "--all", "--active=true");
        n8n.StartAndAwaitActivation([.. names, "canary"]);

        Assert.True(n8n.ActivationFailed("canary"), "the canary with an unknown node type should fail to activate:\n" + n8n.Tail());
        Assert.All(names, name => Assert.True(n8n.Activated(name), $"workflow {name} was not activated:\n{n8n.Tail()}"));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var cancel = TestContext.Current.CancellationToken;
        foreach (var file in workflows)
        {
            var path = file.Path["n8n/".Length..^".json".Length];
            var isQa = path.EndsWith("/team-qa", StringComparison.Ordinal);
            object request = isQa ? new { question = "What is our on-call rotation?" } : new { source = "handbook.md", text = "On call: one week each. Handover on Monday." };

            using var answer = await http.PostAsJsonAsync(n8n.Webhook(path), request, cancel);
            var body = await answer.Content.ReadAsStringAsync(cancel);
            Assert.True(answer.StatusCode == HttpStatusCode.BadGateway, $"{path}: {(int)answer.StatusCode} {body}");
            Assert.Equal("a call to Ollama or Qdrant failed", JsonNode.Parse(body)!["error"]!.GetValue<string>());

            using var bad = await http.PostAsJsonAsync(n8n.Webhook(path), new { collection = "__proto__" }, cancel);
            var badBody = await bad.Content.ReadAsStringAsync(cancel);
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)bad.StatusCode} {badBody}");
            Assert.Contains("send JSON", JsonNode.Parse(badBody)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        using var unknown = await http.PostAsJsonAsync(n8n.Webhook("nobody/team-qa"), new { question = "?" }, cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private const string Canary = """
        {
          "id": "werkbankCanary01",
          "name": "canary",
          "active": false,
          "nodes": [
            { "parameters": { "httpMethod": "POST", "path": "canary", "options": {} }, "id": "5d1f0a36-0000-4000-8000-000000000001",
              "name": "Webhook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "position": [0, 0], "webhookId": "5d1f0a36-0000-4000-8000-000000000002" },
            { "parameters": {}, "id": "5d1f0a36-0000-4000-8000-000000000003", "name": "Nonsense",
              "type": "n8n-nodes-base.noSuchNodeType", "typeVersion": 1, "position": [240, 0] }
          ],
          "connections": { "Webhook": { "main": [[{ "node": "Nonsense", "type": "main", "index": 0 }]] } },
          "settings": { "executionOrder": "v1" }
        }
        """;
}
