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

    /// <summary>
    /// SHA-256 of the bytes of every file read (also those that did not load), by inventory-relative path:
    /// what this compilation read, for the render cache's fingerprint (<see cref="Output.RenderCache"/>).
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> FileHashes { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>The allocation ledger (allocations.lock.yaml); null when there is none yet.</summary>
    public LedgerDocument? Ledger { get; init; }
    /// <summary>
    /// Files that exist but could not be loaded (unreadable, not UTF-8, a YAML error, a limit): already
    /// reported, so rules skip references into them instead of reporting each one as unknown.
    /// </summary>
    public IReadOnlySet<string> Broken { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The file was read and parsed (its objects are known, so a reference to a missing one is a real error).</summary>
    public bool IsLoaded(string file) => Files.ContainsKey(file) && !Broken.Contains(file);
}
