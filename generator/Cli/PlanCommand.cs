using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Templates;

namespace Werkbank.Cli;

/// <summary>Compares what render would write with what out/ holds now, file by file, without writing.</summary>
internal sealed class PlanCommand(IAnsiConsole console) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        // Finish or undo a killed render first: the build below reads the allocation ledger, which
        // must match out/ (a killed run may have swapped out/ in without moving its ledger yet).
        if (!RecoverCommand.TryRecover(console, settings))
        {
            return App.InventoryErrors;
        }

        var build = Build.Run(settings.Inventory, TemplateSet.Locate(settings.Templates), settings.Parallelism);
        DiagnosticPrinter.Print(console, build.Diagnostics, settings.DisplayRoot);
        if (build.HasErrors)
        {
            return App.InventoryErrors;
        }

        var ledger = build.Ledger(settings.Inventory);
        var diff = OutDiff.Compare(settings.Out, build.Files, ledger);
        foreach (var line in diff.Lines)
        {
            console.MarkupLine(Markup.Escape(line));
        }

        console.MarkupLine(diff.IsEmpty
            ? "[green]no changes[/]: out/ is what render makes of the inventory"
            : $"{diff.Added} to add, {diff.Changed} to change, {diff.Removed} to remove");
        return diff.IsEmpty ? App.Success : App.WouldChange;
    }
}
