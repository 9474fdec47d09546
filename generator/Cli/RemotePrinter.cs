using Spectre.Console;
using Werkbank.Diagnostics;

namespace Werkbank.Cli;

/// <summary>Remote problems have no inventory position: printed as "error INV0610: ...", with the hint below.</summary>
internal static class RemotePrinter
{
    public static void Print(IAnsiConsole console, Diagnostic diagnostic, string? retry = null)
    {
        console.MarkupLine($"[red]{diagnostic.Level.ToString().ToLowerInvariant()} {diagnostic.Code}: {Markup.Escape(diagnostic.Message)}[/]");
        if (diagnostic.Hint is { } hint)
        {
            console.MarkupLine($"  [grey]hint: {Markup.Escape(hint)}[/]");
        }

        if (retry is not null)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(retry)}[/]");
        }
    }
}
