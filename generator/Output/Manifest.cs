using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Werkbank.Output;

/// <summary>
/// out/manifest.json: every file with its sha256 and the inventory objects it came from, plus the
/// hash of the allocation ledger that was written with it (so a killed render can be told apart).
/// </summary>
public sealed record Manifest(
    [property: JsonPropertyName("generator")] string Generator,
    [property: JsonPropertyName("ledger_sha256")] string? LedgerSha256,
    [property: JsonPropertyName("files")] ImmutableArray<ManifestEntry> Files)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ManifestJson.Default, // generated at build time: no accessors emitted and compiled on first use
    };

    public static Manifest For(IReadOnlyList<OutputFile> files, string? ledgerSha256)
    {
        // A build's files come sorted by path (OutputSink): sorted again only when they are not.
        var isSorted = true;
        for (var i = 1; i < files.Count && isSorted; i++)
        {
            isSorted = string.CompareOrdinal(files[i - 1].Path, files[i].Path) < 0;
        }

        var sorted = isSorted ? files : [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
        var entries = new ManifestEntry[sorted.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new ManifestEntry(sorted[i].Path, sorted[i].Sha256, sorted[i].Sources);
        }

        return new("werkbank/1", ledgerSha256, System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(entries));
    }

    /// <summary>The file, written by the serializer straight into its bytes (at 10,000 users it is 13 MB).</summary>
    public OutputFile ToFile() =>
        JsonText.File(FileName, writer => JsonSerializer.Serialize(writer, this, Options.TypeInfo<Manifest>()), []);

    public static Manifest? TryRead(string outDirectory)
    {
        try
        {
            var path = Path.Combine(outDirectory, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), Options.TypeInfo<Manifest>()) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}

public sealed record ManifestEntry(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("sources")] ImmutableArray<string> Sources);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Manifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
