using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Audit;

/// <summary>
/// Rendered JSON and YAML read back as a plain tree (maps, lists, strings), so that the audit reads the
/// files as their consumers do, not through the generator's own types.
/// </summary>
internal static class Tree
{
    public static object? Json(string text) => FromJson(JsonNode.Parse(text));

    public static object? Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : FromYaml(stream.Documents[0].RootNode);
    }

    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(FromJson).ToList(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static object? FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? string.Empty, p => FromYaml(p.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(FromYaml).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };

    public static Dictionary<string, object?> Map(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) && value is Dictionary<string, object?> child ? child : [];

    public static List<object?> List(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) && value is List<object?> child ? child : [];

    public static string? Str(object? node, string key) =>
        node is Dictionary<string, object?> map && map.TryGetValue(key, out var value) ? value as string : null;

    public static IEnumerable<Dictionary<string, object?>> Maps(object? node, string key) => List(node, key).OfType<Dictionary<string, object?>>();

    public static IEnumerable<string> Strings(object? node, string key) => List(node, key).OfType<string>();

    public static int? Int(object? node, string key) =>
        int.TryParse(Str(node, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
