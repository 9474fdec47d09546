using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;
using Werkbank.Validation;

namespace Werkbank.Pipeline;

/// <summary>The front half of the pipeline: load (YAML with positions) -> validate -> resolve (effective model and allocations).</summary>
public static class Compiler
{
    public static Compilation Compile(string inventoryRoot)
    {
        using var noGc = QuietHeap.Start();
        var diagnostics = new DiagnosticBag();
        var inventory = PhaseTimer.Measure("load", () => InventoryLoader.Load(inventoryRoot, diagnostics));
        if (diagnostics.HasErrors && inventory.Platform is null)
        {
            return new Compilation(inventory, diagnostics.ToSortedArray(), null);
        }

        PhaseTimer.Measure("validate", () =>
        {
            InventoryValidator.Validate(inventory, diagnostics);
            return 0;
        });
        if (diagnostics.HasErrors)
        {
            return new Compilation(inventory, diagnostics.ToSortedArray(), null);
        }

        var model = PhaseTimer.Measure("resolve", () => ModelBuilder.Build(inventory));
        var allocation = PhaseTimer.Measure("allocate", () => Allocation.Allocator.Allocate(inventory, model, diagnostics));
        return new Compilation(inventory, diagnostics.ToSortedArray(), diagnostics.HasErrors ? null : allocation.Model)
        {
            PendingLedger = diagnostics.HasErrors ? null : allocation.Ledger,
        };
    }
}
