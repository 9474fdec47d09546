using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Werkbank.Output;

/// <summary>
/// Serializes JSON built as data (<see cref="JsonObject"/> keeps insertion order, so build it in a fixed
/// order): two-space indentation, non-ASCII letters kept readable, quotes and control characters escaped.
/// </summary>
public static class JsonText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode node) => node.ToJsonString(Options) + "\n";

    /// <summary>A JSON array of strings, in the order given.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
