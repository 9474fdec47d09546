using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Authoring;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Pipeline;

namespace Werkbank.Cli.NewUser;

public sealed class UserStateSettings : AuthoringSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("The user.")]
    public string Name { get; init; } = string.Empty;
}

/// <summary>suspend-user and remove-user: set the user's state in users/&lt;name&gt;.yaml, with the same plan, render and merge request flow as new-user.</summary>
internal abstract class UserStateCommand(IAnsiConsole console, string state, string verb) : Command<UserStateSettings>
{
    public override int Execute(CommandContext context, UserStateSettings settings, CancellationToken cancellationToken)
    {
        var compilation = Compiler.Compile(settings.Inventory);
        if (compilation.Model is null)
        {
            DiagnosticPrinter.Print(console, compilation.Diagnostics, settings.DisplayRoot);
            return App.InventoryErrors;
        }

        var at = DiagnosticBuilder.At(SourceSpan.None);
        if (!compilation.Inventory.Users.TryGetValue(settings.Name, out var user))
        {
            RemotePrinter.Print(console, at.NoSuchUser(settings.Name, compilation.Inventory.Users.Keys));
            return App.UsageError;
        }

        if (user.State == state)
        {
            RemotePrinter.Print(console, at.UserAlreadyInState(settings.Name, state));
            return App.UsageError;
        }

        var file = InventoryFiles.UserFile(settings.Name);
        var content = UserFile.WithState(File.ReadAllText(Path.Combine(settings.Inventory, file)), state);
        return new AuthoringRunner(console, settings).Run(file, content, $"{verb} user {settings.Name}", $"werkbank/{verb.ToLowerInvariant()}-user-{settings.Name}");
    }
}

internal sealed class SuspendUserCommand(IAnsiConsole console) : UserStateCommand(console, "suspended", "Suspend");

internal sealed class RemoveUserCommand(IAnsiConsole console) : UserStateCommand(console, "removed", "Remove");
