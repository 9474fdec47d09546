using Spectre.Console;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;

namespace Werkbank.Cli;

/// <summary>The recovery step that render and plan run before anything else.</summary>
internal static class RecoverCommand
{
    public static bool TryRecover(IAnsiConsole console, RenderSettings settings)
    {
        try
        {
            OutDirectoryWriter.Recover(settings.Out, Path.Combine(settings.Inventory, InventoryFiles.Ledger));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).WriteFailed(settings.Out, ex.Message)], settings.DisplayRoot);
            return false;
        }
    }
}
