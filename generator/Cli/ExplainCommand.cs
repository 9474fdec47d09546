using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Access;
using Werkbank.Diagnostics;

namespace Werkbank.Cli;

public sealed class ExplainSettings : InventorySettings
{
    [CommandArgument(0, "<USER>")]
    [Description("The user name (the file name under inventory/users/).")]
    public string User { get; init; } = string.Empty;
}

/// <summary>Prints why a user can reach what: role, teams, VM, local services, and each central service with the granting line.</summary>
internal sealed class ExplainCommand(IAnsiConsole console) : Command<ExplainSettings>
{
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellationToken)
    {
        if (ModelLoader.Load(console, settings) is not { Model: { } model } compilation)
        {
            return App.InventoryErrors;
        }

        if (model.User(settings.User) is not { } user)
        {
            console.MarkupLine($"[red]error:[/] no user '{Markup.Escape(settings.User)}'{Markup.Escape(Suggest.DidYouMean(settings.User, model.Users.Select(u => u.Name)))}");
            return App.UsageError;
        }

        foreach (var line in Explanation.For(model, compilation.Inventory, user))
        {
            console.WriteLine(line);
        }

        return App.Success;
    }
}
