using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;
using Werkbank.Validation;

namespace Werkbank.Pipeline;

/// <summary>The front half of the pipeline: load (YAML with positions) -> validate -> resolve (effective model and allocations).</summary>
public static class Compiler
{
    /// <param name="rendersNext">
    /// A render follows (<see cref="Build.Run"/>): no region here. `render` keeps the heap quiet for the
    /// whole command (<see cref="QuietHeap"/>); the other commands that render (plan, the authoring
    /// commands) collect as usual. A command that only compiles keeps it quiet here.
    /// </param>
    public static Compilation Compile(string inventoryRoot, bool rendersNext = false)
    {
        using var noGc = rendersNext ? null : QuietHeap.For(inventoryRoot);
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
