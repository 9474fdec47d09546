using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Werkbank.Cli;

public class InventorySettings : CommandSettings
{
    [CommandOption("-i|--inventory <DIR>")]
    [Description("The inventory folder (default: inventory).")]
    [DefaultValue("inventory")]
    public string Inventory { get; init; } = "inventory";

    public override ValidationResult Validate() =>
        Directory.Exists(Inventory) ? ValidationResult.Success() : ValidationResult.Error($"the inventory folder '{Inventory}' does not exist");

    /// <summary>How the inventory folder is shown in diagnostics: as the user typed it, with forward slashes.</summary>
    public string DisplayRoot => Inventory.Replace('\\', '/').TrimEnd('/');
}

public class RenderSettings : InventorySettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("The output folder (default: out).")]
    [DefaultValue("out")]
    public string Out { get; init; } = "out";

    [CommandOption("--templates <DIR>")]
    [Description("The templates folder (default: ./templates, else the templates shipped with the tool).")]
    public string? Templates { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Degree of parallelism (default: the number of cores). The output is the same for every value.")]
    public int? Threads { get; init; }

    [CommandOption("--force")]
    [Description("Render even when inventory, templates and generator are unchanged since the last render.")]
    public bool Force { get; init; }

    public int Parallelism => Math.Max(1, Threads ?? Environment.ProcessorCount);

    public override ValidationResult Validate()
    {
        if (Threads is < 1 or > 256)
        {
            return ValidationResult.Error("--threads must be between 1 and 256");
        }

        if (Templates is not null && !Directory.Exists(Templates))
        {
            return ValidationResult.Error($"the templates folder '{Templates}' does not exist");
        }

        return base.Validate();
    }
}
