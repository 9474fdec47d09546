using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Audit;

namespace Werkbank.Cli;

/// <summary>Reads the rendered files in out/ back and checks that they grant exactly the inventory's access; exit 1 on any mismatch.</summary>
internal sealed class AuditCommand(IAnsiConsole console) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        if (ModelLoader.Load(console, settings)?.Model is not { } model)
        {
            return App.InventoryErrors;
        }

        var result = AccessAudit.Run(model, settings.Out);
        foreach (var finding in result.Findings)
        {
            console.MarkupLine($"[red]{Markup.Escape(settings.Out)}/{Markup.Escape(finding.ToString())}[/]");
        }

        console.MarkupLine(result.Clean
            ? $"[green]audit ok[/]: {string.Join(", ", result.Checked)} grant exactly the inventory's access ({model.Users.Length} users)"
            : $"{result.Findings.Length} mismatch(es) between {Markup.Escape(settings.Out)}/ and the inventory");
        return result.Clean ? App.Success : App.InventoryErrors;
    }
}
