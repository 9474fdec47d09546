using System.Text.Json.Nodes;

namespace Werkbank.Targets.N8n;

/// <summary>
/// Builds one n8n workflow in the export format `n8n import:workflow` reads: nodes with ids derived
/// from the workflow and node names, positions laid out left to right, connections by node name.
/// </summary>
internal sealed class WorkflowBuilder(string key, string name)
{
    private readonly JsonArray nodes = [];
    private readonly SortedDictionary<string, SortedDictionary<int, List<string>>> connections = new(StringComparer.Ordinal);
    private int column;

    /// <summary>Adds a node on the main line (row 0) or below it (error responses, row 1).</summary>
    public WorkflowBuilder Node(string nodeName, string type, double version, JsonObject parameters, int row = 0,
        JsonObject? credentials = null, string? onError = null, bool webhook = false)
    {
        var node = new JsonObject
        {
            ["parameters"] = parameters,
            ["id"] = NameIds.Uuid($"n8n-node\n{key}\n{nodeName}"),
            ["name"] = nodeName,
            ["type"] = type,
            ["typeVersion"] = version,
            ["position"] = new JsonArray(row == 0 ? 240 * column++ : 240 * column, 300 + (200 * row)),
        };
        if (webhook)
        {
            node["webhookId"] = NameIds.Uuid($"n8n-webhook\n{key}");
        }

        if (credentials is not null)
        {
            node["credentials"] = credentials;
        }

        if (onError is not null)
        {
            node["onError"] = onError;
        }

        nodes.Add((JsonNode)node);
        return this;
    }

    /// <summary>Output 0 is a node's result; output 1 its error output (onError: continueErrorOutput).</summary>
    public WorkflowBuilder Connect(string from, string to, int output = 0)
    {
        if (!connections.TryGetValue(from, out var outputs))
        {
            connections[from] = outputs = [];
        }

        if (!outputs.TryGetValue(output, out var targets))
        {
            outputs[output] = targets = [];
        }

        targets.Add(to);
        return this;
    }

    public JsonObject Build()
    {
        var links = new JsonObject();
        foreach (var (from, outputs) in connections)
        {
            var main = new JsonArray();
            for (var i = 0; i <= outputs.Keys.Max(); i++)
            {
                main.Add((JsonNode)new JsonArray([.. (outputs.GetValueOrDefault(i) ?? []).Select(to => (JsonNode)new JsonObject
                {
                    ["node"] = to,
                    ["type"] = "main",
                    ["index"] = 0,
                })]));
            }

            links[from] = new JsonObject { ["main"] = main };
        }

        return new JsonObject
        {
            ["id"] = NameIds.Short($"n8n-workflow\n{key}"),
            ["name"] = name,
            ["active"] = false,
            ["nodes"] = nodes,
            ["connections"] = links,
            ["settings"] = new JsonObject { ["executionOrder"] = "v1" },
            ["pinData"] = new JsonObject(),
        };
    }
}
