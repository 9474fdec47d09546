using System.Collections.Immutable;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Pipeline;

/// <summary>The result of load -> validate -> resolve. <see cref="Model"/> is null when there are errors.</summary>
public sealed record Compilation(InventorySet Inventory, ImmutableArray<Diagnostic> Diagnostics, PlatformModel? Model)
{
    /// <summary>The allocation ledger as it must be on disk after this render (null: leave it alone).</summary>
    public byte[]? Ledger => PendingLedger?.Value;

    /// <summary>The ledger, serialized on first use of <see cref="Ledger"/>.</summary>
    public Lazy<byte[]>? PendingLedger { get; init; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
