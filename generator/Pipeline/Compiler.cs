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
        var diagnostics = new DiagnosticBag();
        var inventory = InventoryLoader.Load(inventoryRoot, diagnostics);
        if (diagnostics.HasErrors && inventory.Platform is null)
        {
            return new Compilation(inventory, diagnostics.ToSortedArray(), null);
        }

        InventoryValidator.Validate(inventory, diagnostics);
        if (diagnostics.HasErrors)
        {
            return new Compilation(inventory, diagnostics.ToSortedArray(), null);
        }

        var model = ModelBuilder.Build(inventory);
        var allocation = Allocation.Allocator.Allocate(inventory, model, diagnostics);
        return new Compilation(inventory, diagnostics.ToSortedArray(), diagnostics.HasErrors ? null : allocation.Model)
        {
            Ledger = diagnostics.HasErrors ? null : allocation.Ledger,
        };
    }
}
