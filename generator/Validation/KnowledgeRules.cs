using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Validation;

/// <summary>
/// Team knowledge (INV05xx): what the Qdrant plan and the n8n workflows need from the rest of the
/// inventory: one vector size per shared collection, the services a workflow calls, a collection to
/// work on, and Ollama models to embed and answer with.
/// </summary>
internal static class KnowledgeRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        if (set.Platform is null)
        {
            return;
        }

        var shared = set.Platform.Qdrant.Tenancy == "shared-collection";
        var sizes = new Dictionary<string, (string Team, int Size)>(StringComparer.Ordinal);
        var models = set.Services.TryGetValue("ollama", out var ollama) ? ollama.Models : [];
        var serviceRequirementsReported = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (name, team) in set.Teams.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var collections = team.Qdrant?.Collections ?? [];
            if (team.Qdrant is { } qdrant && collections.Count > 0)
            {
                RequireService(set, "qdrant", $"team '{name}' has Qdrant collections", qdrant.SpanOf("collections"), found);
                var size = qdrant.VectorSize ?? set.Platform.Qdrant.VectorSize;
                for (var i = 0; i < collections.Count && shared; i++)
                {
                    if (!sizes.TryGetValue(collections[i], out var first))
                    {
                        sizes[collections[i]] = (name, size);
                    }
                    else if (first.Size != size)
                    {
                        found.Add(DiagnosticBuilder.At(qdrant.SpanOf("collections", i)).SharedCollectionVectorSizeConflict(collections[i], size, first.Team, first.Size));
                    }
                }
            }

            var workflows = team.N8n?.Workflows ?? [];
            for (var i = 0; i < workflows.Count; i++)
            {
                var workflow = workflows[i];
                if (!ServiceCatalog.Workflows.Contains(workflow, StringComparer.Ordinal))
                {
                    continue; // INV0131, reported by TeamRules
                }

                var span = team.N8n!.SpanOf("workflows", i);
                foreach (var service in WorkflowCatalog.Services(workflow))
                {
                    RequireService(set, service, $"workflow '{workflow}' of team '{name}' calls it", span, found);
                }

                if (collections.Count == 0)
                {
                    found.Add(DiagnosticBuilder.At(span).WorkflowNeedsCollection(workflow));
                }

                if (ollama is not null && WorkflowCatalog.EmbeddingModel(models) is null)
                {
                    found.Add(DiagnosticBuilder.At(span).WorkflowNeedsModel(workflow, "embedding", models));
                }

                if (ollama is not null && workflow == WorkflowCatalog.TeamQa && WorkflowCatalog.ChatModel(models) is null)
                {
                    found.Add(DiagnosticBuilder.At(span).WorkflowNeedsModel(workflow, "chat", models));
                }
            }
        }

        void RequireService(InventorySet inventory, string service, string why, SourceSpan span, List<Diagnostic> list)
        {
            if (inventory.Files.ContainsKey(InventoryFiles.Services) && !inventory.Services.ContainsKey(service) && serviceRequirementsReported.Add($"{service}\n{why}"))
            {
                list.Add(DiagnosticBuilder.At(span).RequiredServiceMissing(service, why));
            }
        }
    }
}
