using Spectre.Console;
using Werkbank.Diagnostics;

namespace Werkbank.Cli;

/// <summary>Prints diagnostics as compilers do, one per line, hints indented below; then a count.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IAnsiConsole console, IEnumerable<Diagnostic> diagnostics, string displayRoot)
    {
        var list = diagnostics.ToList();
        foreach (var diagnostic in list)
        {
            var color = diagnostic.Level switch { DiagnosticLevel.Error => "red", DiagnosticLevel.Warning => "yellow", _ => "blue" };
            console.MarkupLine($"[{color}]{Markup.Escape(diagnostic.Format(displayRoot))}[/]");
            if (diagnostic.Hint is { } hint)
            {
                console.MarkupLine($"  [grey]hint: {Markup.Escape(Diagnostic.Printable(hint))}[/]");
            }
        }

        var errors = list.Count(d => d.IsError);
        var warnings = list.Count(d => d.Level == DiagnosticLevel.Warning);
        if (errors + warnings > 0)
        {
            console.MarkupLine($"{errors} error(s), {warnings} warning(s)");
        }
    }
}
