using System.Globalization;
using System.Text.Json.Nodes;
using NJsonSchema;
using Werkbank.Inventory;
using Werkbank.Inventory.Schema;
using Werkbank.Inventory.Yaml;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Inventory;

public sealed class SchemaTests
{
    [Fact]
    public void Should_Match_The_Committed_Schemas()
    {
        foreach (var (file, json) in InventorySchemas.Generate())
        {
            var committed = Repo.Path("schema", file);
            Assert.True(File.Exists(committed), $"schema/{file} is missing: run `dotnet run --project generator -- schema`");
            Assert.True(File.ReadAllText(committed) == json, $"schema/{file} is stale: run `dotnet run --project generator -- schema` and commit it");
        }
    }

    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Repo.ExampleInventory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Repo.ExampleInventory, path).Replace('\\', '/');
            if (relative != InventoryFiles.Ledger)
            {
                data.Add(relative);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public async Task Should_Validate_Every_Example_File_Against_Its_Schema(string relative)
    {
        var text = File.ReadAllText(Path.Combine(Repo.ExampleInventory, relative));
        var schemaLine = InventoryFiles.SchemaLine(relative);
        Assert.StartsWith(schemaLine + "\n", text, StringComparison.Ordinal);
        var schemaFile = Path.GetFullPath(Path.Combine(Repo.ExampleInventory, Path.GetDirectoryName(relative)!, schemaLine[(schemaLine.IndexOf('=') + 1)..]));
        var schema = await JsonSchema.FromFileAsync(schemaFile, TestContext.Current.CancellationToken);
        var (root, diagnostics) = YamlReader.Read(relative, text);
        Assert.Empty(diagnostics);
        var errors = schema.Validate(ToJson(root!)!.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    /// <summary>YAML 1.2 core schema typing of plain scalars, enough for the inventory's values.</summary>
    private static JsonNode? ToJson(YamlValue value) => value switch
    {
        YamlMappingValue map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Text, ToJson(e.Value)))),
        YamlSequenceValue list => new JsonArray([.. list.Items.Select(ToJson)]),
        YamlScalarValue { IsNull: true } => null,
        YamlScalarValue { IsPlain: true, Text: "true" or "false" } flag => JsonValue.Create(flag.Text == "true"),
        YamlScalarValue { IsPlain: true } number when long.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarValue { IsPlain: true } number when double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarValue scalar => JsonValue.Create(scalar.Text),
        _ => null,
    };
}
