using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Inventory.Schema;

namespace Werkbank.Cli;

internal sealed class SchemaSettings : CommandSettings
{
    [CommandOption("-o|--out <DIR>")]
    [Description("Where to write the JSON Schemas (default: schema).")]
    [DefaultValue("schema")]
    public string Out { get; init; } = "schema";
}

/// <summary>Writes the JSON Schema of each inventory file kind (generated from the loader's types).</summary>
internal sealed class SchemaCommand(IAnsiConsole console) : Command<SchemaSettings>
{
    public override int Execute(CommandContext context, SchemaSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Out);
        foreach (var (file, json) in InventorySchemas.Generate())
        {
            File.WriteAllText(Path.Combine(settings.Out, file), json);
            console.MarkupLine($"wrote {Markup.Escape(Path.Combine(settings.Out, file))}");
        }

        return App.Success;
    }
}
