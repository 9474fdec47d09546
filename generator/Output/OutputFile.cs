using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Werkbank.Output;

/// <summary>
/// One rendered file: its path under out/ (forward slashes), its bytes, and the inventory objects it
/// came from (for the manifest and for "why did this file change?"). Targets produce these; only the
/// writer touches the disk.
/// </summary>
public sealed record OutputFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private string? sha256;

    public OutputFile(string path, byte[] content, ImmutableArray<string> sources)
        : this(path, (ReadOnlyMemory<byte>)content, sources)
    {
    }

    private OutputFile(string path, ReadOnlyMemory<byte> bytes, ImmutableArray<string> sources)
    {
        Path = path;
        Bytes = bytes;
        Sources = sources;
    }

    public string Path { get; init; }

    /// <summary>
    /// The file's bytes. A rendered text file's live outside the GC heap (<see cref="RenderedBytes"/>), freed
    /// when no file refers to them any more: whoever works on a span of them keeps the file referenced
    /// until done (<see cref="GC.KeepAlive"/>), as the members here do.
    /// </summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The bytes as an array: a copy unless the file was made from one (for the few that need an array).</summary>
    public byte[] Content
    {
        get
        {
            var content = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : Bytes.ToArray();
            GC.KeepAlive(this);
            return content;
        }
    }

    public ImmutableArray<string> Sources { get; init; }

    /// <summary>Text files are UTF-8 without BOM, LF line endings, ending in exactly one newline.</summary>
    public static OutputFile Text(string path, string text, params IEnumerable<string> sources)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal); // the same string when there is none

        // Without the trailing line breaks, then exactly one: encoded straight into the result (no copies of large texts).
        var body = text.AsSpan().TrimEnd('\n');
        // Outside the GC heap (RenderedBytes): every file's bytes live until out/ is written.
        var content = RenderedBytes.Allocate(Utf8.GetByteCount(body) + 1);
        Utf8.GetBytes(body, content.Span);
        content.Span[^1] = (byte)'\n';
        return new OutputFile(path, content, Normalized(sources));
    }

    /// <summary>
    /// The same file as <see cref="Text(string, string, IEnumerable{string})"/> makes of <c>text.ToString()</c>,
    /// encoded from the builder's chunks: a template's output never becomes one string of the whole file.
    /// </summary>
    public static OutputFile Text(string path, StringBuilder text, params IEnumerable<string> sources)
    {
        var length = text.Length;
        while (length > 0 && text[length - 1] == '\n')
        {
            length--;
        }

        // Counted chunk by chunk (GetByteCount keeps no state between calls): a surrogate pair split
        // across two chunks counts as two replacement characters (3 + 3 bytes), but encodes as 4.
        // The chunks are walked twice with the builder's struct enumerator: an iterator method here
        // cost two objects per file.
        var count = 0;
        var endsHigh = false;
        var left = length;
        foreach (var chunk in text.GetChunks())
        {
            var span = chunk.Span[..Math.Min(chunk.Length, left)];
            left -= span.Length;
            if (span.IsEmpty)
            {
                if (left == 0)
                {
                    break;
                }

                continue;
            }

            if (span.Contains('\r'))
            {
                return Text(path, text.ToString(), sources); // line endings to normalize: rare, the simple way
            }

            count += Utf8.GetByteCount(span) - (endsHigh && char.IsLowSurrogate(span[0]) ? 2 : 0);
            endsHigh = char.IsHighSurrogate(span[^1]);
        }

        var encoder = Utf8Encoder ??= Utf8.GetEncoder();
        encoder.Reset();
        var content = RenderedBytes.Allocate(count + 1);
        var bytes = content.Span;
        var written = 0;
        left = length;
        foreach (var chunk in text.GetChunks())
        {
            var span = chunk.Span[..Math.Min(chunk.Length, left)];
            left -= span.Length;
            written += encoder.GetBytes(span, bytes[written..], flush: false);
        }

        written += encoder.GetBytes([], bytes[written..], flush: true);
        bytes[written] = (byte)'\n';
        return new OutputFile(path, content, Normalized(sources));
    }

    /// <summary>A text file built in native memory as it grew (<see cref="RenderedText"/>): the same bytes as <see cref="Text(string, string, IEnumerable{string})"/> gives.</summary>
    internal static OutputFile Text(string path, RenderedText text, params IEnumerable<string> sources) =>
        new(path, text.Finish(), Normalized(sources));

    [ThreadStatic]
    private static Encoder? Utf8Encoder;

    /// <summary>Sources sorted (ordinal) without duplicates: one array per file, not a LINQ pipeline.</summary>
    private static ImmutableArray<string> Normalized(IEnumerable<string> sources)
    {
        var array = sources.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        var distinct = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (i == 0 || !string.Equals(array[i], array[distinct - 1], StringComparison.Ordinal))
            {
                array[distinct++] = array[i];
            }
        }

        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(distinct == array.Length ? array : array[..distinct]);
    }

    /// <summary>
    /// Written by a serializer (YamlDotNet's emitter, System.Text.Json) rather than a template: it is
    /// well-formed by construction, so the parse-back check, which is there for templates, skips it.
    /// </summary>
    public bool WellFormedByConstruction { get; init; }

    /// <summary>A file whose text came from a serializer (see <see cref="WellFormedByConstruction"/>).</summary>
    public static OutputFile Serialized(string path, string text, params IEnumerable<string> sources) =>
        Text(path, text, sources) with { WellFormedByConstruction = true };

    /// <summary>Text a serializer wrote through a <see cref="RenderedText"/> (see <see cref="WellFormedByConstruction"/>).</summary>
    internal static OutputFile Serialized(string path, RenderedText text, params IEnumerable<string> sources) =>
        Text(path, text, sources) with { WellFormedByConstruction = true };

    /// <summary>A file a serializer wrote into native memory (<see cref="RenderedBytes.Writer"/>); the final newline is added here.</summary>
    internal static OutputFile Serialized(string path, RenderedBytes.Writer written, params IEnumerable<string> sources)
    {
        written.GetSpan(1)[0] = (byte)'\n';
        written.Advance(1);
        return new OutputFile(path, written.Written, Normalized(sources)) { WellFormedByConstruction = true };
    }

    public string Sha256
    {
        get
        {
            if (sha256 is null)
            {
                sha256 = Convert.ToHexStringLower(SHA256.HashData(Bytes.Span));
                GC.KeepAlive(this);
            }

            return sha256;
        }
    }

    public string ContentAsText
    {
        get
        {
            var text = Utf8.GetString(Bytes.Span);
            GC.KeepAlive(this);
            return text;
        }
    }
}

/// <summary>Stable identifiers of inventory objects, used as provenance in the manifest.</summary>
public static class Source
{
    public const string Platform = "platform";

    public static string User(string name) => $"user:{name}";

    public static string Team(string name) => $"team:{name}";

    public static string Role(string name) => $"role:{name}";

    public static string Host(string name) => $"host:{name}";

    public static string Service(string name) => $"service:{name}";

    public const string Ledger = "allocations";
}
