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
    [Description("traefik or kong.")]
    [DefaultValue("traefik")]
    public string Gateway { get; init; } = "traefik";

    [CommandOption("--tenancy <MODE>")]
    [Description("Qdrant tenancy: collection-per-team or shared-collection.")]
    [DefaultValue("collection-per-team")]
    public string Tenancy { get; init; } = "collection-per-team";

    [CommandOption("--seed <N>")]
    [Description("Seed of the generator: same options, same files.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    public override ValidationResult Validate() =>
        Users is < 1 or > 1_000_000 ? ValidationResult.Error("--users must be between 1 and 1000000")
        : Gateway is not ("traefik" or "kong") ? ValidationResult.Error("--gateway must be traefik or kong")
        : Tenancy is not ("collection-per-team" or "shared-collection") ? ValidationResult.Error("--tenancy must be collection-per-team or shared-collection")
        : Directory.Exists(Out) ? ValidationResult.Error($"'{Out}' exists already")
        : ValidationResult.Success();
}

/// <summary>Writes a generated inventory of any size (for benchmarks and experiments).</summary>
internal sealed class SynthCommand(IAnsiConsole console) : Command<SynthSettings>
{
    public override int Execute(CommandContext context, SynthSettings settings, CancellationToken cancellationToken)
    {
        new SyntheticInventory { Users = settings.Users, Gateway = settings.Gateway, Tenancy = settings.Tenancy, Seed = settings.Seed }.WriteTo(settings.Out);
        console.MarkupLine($"wrote a synthetic inventory of {settings.Users} users to {Markup.Escape(settings.Out)}/");
        return App.Success;
    }
}
