using Spectre.Console;
using Werkbank.Pipeline;

namespace Werkbank.Cli;

/// <summary>For commands that read the model (explain, audit): compile, print the errors, and give the compilation only when it has a model.</summary>
internal static class ModelLoader
{
    public static Compilation? Load(IAnsiConsole console, InventorySettings settings)
    {
        var compilation = Compiler.Compile(settings.Inventory);
        DiagnosticPrinter.Print(console, compilation.Diagnostics.Where(d => d.IsError), settings.DisplayRoot);
        return compilation.Model is null ? null : compilation;
    }
}
