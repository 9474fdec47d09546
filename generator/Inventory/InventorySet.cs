using Werkbank.Inventory.Documents;

namespace Werkbank.Inventory;

/// <summary>Everything read from one inventory folder, before validation. Maps are keyed by name.</summary>
public sealed record InventorySet(
    string Root,
    PlatformDocument? Platform,
    IReadOnlyDictionary<string, HostDocument> Hosts,
    IReadOnlyDictionary<string, ServiceDocument> Services,
    IReadOnlyDictionary<string, RoleDocument> Roles,
    IReadOnlyDictionary<string, TeamDocument> Teams,
    IReadOnlyDictionary<string, UserDocument> Users)
{
    /// <summary>The raw text of every file read, by inventory-relative path (for provenance, explain and hashing).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The allocation ledger (allocations.lock.yaml); null when there is none yet.</summary>
    public LedgerDocument? Ledger { get; init; }
}
