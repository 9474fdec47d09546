using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Pipeline;

namespace Werkbank.Cli;

internal sealed class ValidateCommand(IAnsiConsole console) : Command<InventorySettings>
{
    public override int Execute(CommandContext context, InventorySettings settings, CancellationToken cancellationToken)
    {
        var compilation = Compiler.Compile(settings.Inventory);
        DiagnosticPrinter.Print(console, compilation.Diagnostics, settings.DisplayRoot);
        if (compilation.HasErrors)
        {
            return App.InventoryErrors;
        }

        var model = compilation.Model!;
        console.MarkupLine($"[green]ok[/]: {model.Users.Length} users, {model.Teams.Length} teams, {model.Roles.Length} roles, {model.Hosts.Length} hosts, {model.Services.Length} services");
        return App.Success;
    }
}
