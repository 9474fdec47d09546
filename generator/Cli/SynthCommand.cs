using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Synthetic;

namespace Werkbank.Cli;

internal sealed class SynthSettings : CommandSettings
{
    [CommandOption("-u|--users <N>")]
    [Description("Number of users (teams: N/100).")]
    [DefaultValue(1000)]
    public int Users { get; init; } = 1000;

    [CommandOption("-o|--out <DIR>")]
    [Description("Folder to write the inventory into (must not exist).")]
    public string Out { get; init; } = "synthetic-inventory";

    [CommandOption("--gateway <KIND>")]
    [DefaultValue("traefik")]
    public string Gateway { get; init; } = "traefik";

    public override ValidationResult Validate() =>
        Users is < 1 or > 1_000_000 ? ValidationResult.Error("--users must be between 1 and 1000000")
        : Gateway is not ("traefik" or "kong") ? ValidationResult.Error("--gateway must be traefik or kong")
        : Directory.Exists(Out) ? ValidationResult.Error($"'{Out}' exists already")
        : ValidationResult.Success();
}

/// <summary>Writes a generated inventory of any size (for benchmarks and experiments).</summary>
internal sealed class SynthCommand(IAnsiConsole console) : Command<SynthSettings>
{
    public override int Execute(CommandContext context, SynthSettings settings, CancellationToken cancellationToken)
    {
        SyntheticInventory.Write(settings.Out, new SyntheticOptions(settings.Users) { Gateway = settings.Gateway });
        console.MarkupLine($"wrote a synthetic inventory of {settings.Users} users to {Markup.Escape(settings.Out)}/");
        return App.Success;
    }
}
