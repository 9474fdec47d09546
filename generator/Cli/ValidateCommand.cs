using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Authoring;
using Werkbank.Pipeline;

namespace Werkbank.Cli;

public sealed class ValidateSettings : InventorySettings
{
    [CommandOption("--codequality <FILE>")]
    [Description("Also write the diagnostics as a GitLab Code Quality report (JSON), so that they show inline in the merge request.")]
    public string? CodeQuality { get; init; }
}

internal sealed class ValidateCommand(IAnsiConsole console) : Command<ValidateSettings>
{
    public override int Execute(CommandContext context, ValidateSettings settings, CancellationToken cancellationToken)
    {
        var compilation = Compiler.Compile(settings.Inventory);
        DiagnosticPrinter.Print(console, compilation.Diagnostics, settings.DisplayRoot);
        if (settings.CodeQuality is { } report)
        {
            File.WriteAllText(report, CodeQualityReport.Write(compilation.Diagnostics, settings.DisplayRoot));
        }

        if (compilation.HasErrors)
        {
            return App.InventoryErrors;
        }

        var model = compilation.Model!;
        console.MarkupLine($"[green]ok[/]: {model.Users.Length} users, {model.Teams.Length} teams, {model.Roles.Length} roles, {model.Hosts.Length} hosts, {model.Services.Length} services");
        return App.Success;
    }
}
