using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Werkbank.Inventory.Documents;

[Description("A role of roles.yaml: VM defaults and access to central services.")]
public sealed record RoleDocument : InventoryNode
{
    public string? Description { get; init; }

    [Description("Default VM flavor (default: the first flavor by name).")]
    public string? Flavor { get; init; }

    [Description("May this role's users get passthrough GPUs.")]
    public bool Gpu { get; init; }

    [Description("Services allowed inside the VM.")]
    public IReadOnlyList<string> Local { get; init; } = [];

    [Description("Central service (or \"*\") -> none | user | editor | admin.")]
    public IReadOnlyDictionary<string, string> Access { get; init; } = new Dictionary<string, string>();

    [Description("Requests per minute per user at the gateway, by service or 'default'.")]
    public IReadOnlyDictionary<string, int> RateLimits { get; init; } = new Dictionary<string, int>();
}
