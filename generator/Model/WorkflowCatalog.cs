namespace Werkbank.Model;

/// <summary>What the catalog's team workflows (team-qa, doc-ingest) need: validation checks it, the n8n target uses it.</summary>
public static class WorkflowCatalog
{
    public const string TeamQa = "team-qa";
    public const string DocIngest = "doc-ingest";

    /// <summary>The central services a workflow calls.</summary>
    public static IReadOnlyList<string> Services(string workflow) => workflow switch
    {
        TeamQa => ["n8n", "ollama", "qdrant", "langfuse"],
        _ => ["n8n", "ollama", "qdrant"],
    };

    /// <summary>The Ollama model the workflows embed with: the first whose name says 'embed'.</summary>
    public static string? EmbeddingModel(IEnumerable<string> models) => models.FirstOrDefault(IsEmbedding);

    /// <summary>The Ollama model team-qa answers with: the first that is not an embedding model.</summary>
    public static string? ChatModel(IEnumerable<string> models) => models.FirstOrDefault(m => !IsEmbedding(m));

    private static bool IsEmbedding(string model) => model.Contains("embed", StringComparison.Ordinal);
}
