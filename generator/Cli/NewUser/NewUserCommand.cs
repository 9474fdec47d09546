using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Authoring;
using Werkbank.Inventory;
using Werkbank.Pipeline;

namespace Werkbank.Cli.NewUser;

/// <summary>new-user: asks (or takes flags), shows the summary and plan, writes users/&lt;name&gt;.yaml, renders, offers the merge request.</summary>
internal sealed class NewUserCommand(IAnsiConsole console) : Command<NewUserSettings>
{
    public override int Execute(CommandContext context, NewUserSettings settings, CancellationToken cancellationToken)
    {
        var compilation = Compiler.Compile(settings.Inventory);
        if (compilation.Model is null)
        {
            DiagnosticPrinter.Print(console, compilation.Diagnostics, settings.DisplayRoot);
            console.MarkupLine("Fix the inventory first: a new user is added to a valid inventory only.");
            return App.InventoryErrors;
        }

        var runner = new AuthoringRunner(console, settings);
        var rules = new AnswerRules(compilation.Model, compilation.Inventory.Users.Keys.ToHashSet(StringComparer.Ordinal));
        Authoring.NewUser user;
        try
        {
            user = new NewUserWizard(console, settings, rules, runner.Interactive).Ask();
        }
        catch (AnswerException ex)
        {
            RemotePrinter.Print(console, ex.Diagnostic);
            return App.UsageError;
        }

        var table = new Table().AddColumn("field").AddColumn("value");
        table.AddRow("user", Markup.Escape(user.Name));
        table.AddRow("full name", Markup.Escape(user.FullName));
        table.AddRow("email", Markup.Escape(user.Email));
        table.AddRow("role", Markup.Escape(user.Role));
        table.AddRow("teams", Markup.Escape(user.Teams.Count == 0 ? "(none)" : string.Join(", ", user.Teams)));
        table.AddRow("flavor", Markup.Escape(user.Flavor ?? $"{compilation.Model.Role(user.Role).DefaultFlavor.Name} (role default)"));
        table.AddRow("GPUs", user.Gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        table.AddRow("local services", Markup.Escape(user.Local is null ? "role default" : string.Join(", ", user.Local)));
        table.AddRow("ssh key", Markup.Escape(user.SshKeys[0].Length > 60 ? user.SshKeys[0][..60] + "…" : user.SshKeys[0]));
        console.Write(table);
        return runner.Run(InventoryFiles.UserFile(user.Name), UserFile.Render(user), $"Add user {user.Name}", $"werkbank/new-user-{user.Name}");
    }
}
