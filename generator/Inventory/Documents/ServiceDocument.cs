using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("A central service of services.yaml: where it runs and how big it is.")]
public sealed record ServiceDocument : InventoryNode
{
    [Required, Description("A host of kind docker (compose) or kubernetes (Helm).")]
    public string On { get; init; } = string.Empty;

    [Description("Image or chart version (default: the generator's pinned version).")]
    public string? Version { get; init; }

    [Range(1, 64)]
    public int? Replicas { get; init; }

    [Range(0, 16)]
    public int? Gpus { get; init; }

    [Description("Ollama models to pull.")]
    public IReadOnlyList<string> Models { get; init; } = [];

    [Description("Reachable without login (default false).")]
    public bool Public { get; init; }
}
