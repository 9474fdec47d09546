using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("teams/<team>.yaml: one team; the file name is the team name.")]
public sealed record TeamDocument : InventoryNode
{
    [Description("Optional; when given it must equal the file name.")]
    public string? Name { get; init; }

    public string? Description { get; init; }

    [Description("Users who lead the team.")]
    public IReadOnlyList<string> Leads { get; init; } = [];

    public TeamQdrantDocument? Qdrant { get; init; }

    public TeamN8nDocument? N8n { get; init; }

    public TeamGitlabDocument? Gitlab { get; init; }
}

public sealed record TeamQdrantDocument : InventoryNode
{
    [Description("Per-team knowledge bases.")]
    public IReadOnlyList<string> Collections { get; init; } = [];

    [Range(1, 65536), Description("Override of platform.qdrant.vector_size.")]
    public int? VectorSize { get; init; }
}

public sealed record TeamN8nDocument : InventoryNode
{
    [Description("Workflows from the catalog: team-qa, doc-ingest.")]
    public IReadOnlyList<string> Workflows { get; init; } = [];
}

public sealed record TeamGitlabDocument : InventoryNode
{
    [Description("GitLab group path (default: team name).")]
    public string? Group { get; init; }
}
