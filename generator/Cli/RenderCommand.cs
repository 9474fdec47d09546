using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Templates;

namespace Werkbank.Cli;

internal sealed class RenderCommand(IAnsiConsole console) : Command<RenderSettings>
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
            console.MarkupLine($"{Markup.Escape(settings.Out)}/ was left unchanged.");
            return App.InventoryErrors;
        }

        try
        {
            var result = OutDirectoryWriter.Write(settings.Out, build.Files, build.Ledger(settings.Inventory), settings.Parallelism);
            console.MarkupLine(result.Changed
                ? $"[green]rendered[/] {build.Files.Length} files into {Markup.Escape(settings.Out)}/: {result.Added} added, {result.Modified} changed, {result.Removed} removed, {result.Unchanged} unchanged"
                : $"[green]up to date[/]: {build.Files.Length} files in {Markup.Escape(settings.Out)}/, nothing changed");
            return App.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).WriteFailed(settings.Out, ex.Message)], settings.DisplayRoot);
            return App.InventoryErrors;
        }
    }
}
