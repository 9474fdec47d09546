using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

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

    // The same as Options, for a writer; lines end in \n on every machine.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NewLine = "\n",
    };

    /// <summary>
    /// The file of <paramref name="node"/>, ending in a newline, written straight into its bytes (at 10,000
    /// users the Keycloak realm is 3 MB: as a string, twice that).
    /// </summary>
    public static OutputFile File(string path, JsonNode node, params IEnumerable<string> sources) =>
        File(path, writer => node.WriteTo(writer, Options), sources);

    /// <summary>
    /// A file of <paramref name="head"/>'s properties and then one more, an array whose items
    /// <paramref name="writeItems"/> writes straight into the file: for an object with one very long list
    /// (the realm's users), which then never exists as a tree of nodes.
    /// </summary>
    internal static OutputFile File(string path, JsonObject head, string arrayName, Action<Utf8JsonWriter> writeItems, IEnumerable<string> sources) =>
        File(path, writer =>
        {
            if (head.ContainsKey(arrayName))
            {
                throw new ArgumentException($"The object already has a property '{arrayName}'.", nameof(head));
            }

            writer.WriteStartObject();
            foreach (var (name, value) in head)
            {
                writer.WritePropertyName(name);
                if (value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    value.WriteTo(writer, Options);
                }
            }

            writer.WriteStartArray(arrayName);
            writeItems(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }, sources);

    /// <summary>An array of strings, as <see cref="Strings"/> gives it.</summary>
    internal static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// A file that <paramref name="write"/> writes with this class's layout (two-space indentation, readable
    /// non-ASCII, \n), straight into native memory (<see cref="RenderedBytes.Writer"/>), ending in a newline.
    /// </summary>
    internal static OutputFile File(string path, Action<Utf8JsonWriter> write, IEnumerable<string> sources)
    {
        var bytes = new RenderedBytes.Writer();
        using (var writer = new Utf8JsonWriter(bytes, WriterOptions))
        {
            write(writer);
        }

        return OutputFile.Serialized(path, bytes, sources);
    }

    /// <summary>
    /// The typed metadata of <typeparamref name="T"/> under <paramref name="options"/>, whose resolver is a
    /// source-generated context: serializing through it never falls back to reflection, which the native
    /// build does not have.
    /// </summary>
    public static JsonTypeInfo<T> TypeInfo<T>(this JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    /// <summary>A JSON array of strings, in the order given.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
