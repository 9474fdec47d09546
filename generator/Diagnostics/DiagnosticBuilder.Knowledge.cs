namespace Werkbank.Diagnostics;

/// <summary>INV05xx: team knowledge bases (Qdrant), workflows (n8n) and document storage.</summary>
public readonly partial struct At
{
    public Diagnostic SharedCollectionVectorSizeConflict(string collection, int size, string otherTeam, int otherSize) =>
        Error("INV0501", $"collection '{collection}' would have vector size {size} here, but {otherSize} for team '{otherTeam}'",
            "With platform.qdrant.tenancy 'shared-collection' all teams share one collection per name, and a collection has one vector size: use another collection name, or the same vector_size.");

    public Diagnostic WorkflowNeedsCollection(string workflow) =>
        Error("INV0502", $"workflow '{workflow}' works on the team's Qdrant collection, but the team has none",
            "Add a collection under qdrant.collections, e.g. 'collections: [docs]'.");

    public Diagnostic WorkflowNeedsModel(string workflow, string kind, IEnumerable<string> models) =>
        Error("INV0503", $"workflow '{workflow}' needs an Ollama {kind} model, but services.yaml lists none ({Listed(models)})",
            kind == "embedding"
                ? "Add an embedding model (its name contains 'embed', e.g. nomic-embed-text) to ollama.models."
                : "Add a chat model (e.g. llama3.1:8b) to ollama.models.");

    private static string Listed(IEnumerable<string> models)
    {
        var list = models.ToList();
        return list.Count == 0 ? "no models" : "models: " + string.Join(", ", list);
    }
}
