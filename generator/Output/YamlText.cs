using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Werkbank.Output;

/// <summary>
/// Serializes plain data (maps, lists, strings, numbers, booleans) to YAML, deterministically and
/// safely: map keys keep the order they were added in (use <see cref="OrderedDictionary{TKey,TValue}"/>
/// or a sorted map), a string is written plain only when every YAML 1.1 and 1.2 reader takes it as
/// that same string (docker-compose and Ansible still read YAML 1.1), multi-line strings become
/// literal blocks, and everything else is double-quoted by YamlDotNet's emitter, which escapes it.
/// </summary>
public static class YamlText
{
    // A plain scalar that every reader takes as this string: ^[A-Za-z_/][A-Za-z0-9_./@-]*$, and not one of
    // the words YAML 1.1 or 1.2 read as a boolean or null. Checked without a regex: every scalar of
    // every file comes through here, and regex runners on parallel threads allocated ~30 MB at 10,000 users.
    private static readonly SearchValues<char> PlainFirst = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/");

    private static readonly SearchValues<char> PlainRest = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./@-");

    private static readonly FrozenSet<string> Ambiguous = FrozenSet.Create(StringComparer.Ordinal,
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~");

    /// <param name="indentSequences">Indent list items under their key (the style ansible-lint's yamllint demands).</param>
    public static string Serialize(object? value, string? header = null, bool indentSequences = false)
    {
        var text = Build(value, header, indentSequences);
        var result = text.ToString();
        Return(text);
        return result;
    }

    /// <summary>A file of <see cref="Serialize"/>'s text, encoded from the builder (no string of the whole file).</summary>
    public static OutputFile File(string path, object? value, string? header, bool indentSequences, params IEnumerable<string> sources)
    {
        var text = Build(value, header, indentSequences);
        var file = OutputFile.Text(path, text, sources) with { WellFormedByConstruction = true };
        Return(text);
        return file;
    }

    // One builder per thread, reused: a new one per file grew chunk by chunk from 16 characters, ~20 MB
    // of chunks for the Proxmox host_vars of 10,000 users. One grown by a very large file is let go.
    [ThreadStatic]
    private static StringBuilder? reusable;

    private static void Return(StringBuilder text)
    {
        if (text.Capacity <= 1 << 16) // checked first: clearing a builder of many chunks allocates a new one
        {
            reusable = text.Clear();
        }
    }

    private static StringBuilder Build(object? value, string? header, bool indentSequences)
    {
        var text = reusable ?? new StringBuilder(4096);
        reusable = null; // a file built while this one is (none today) gets a builder of its own
        if (header is not null)
        {
            text.Append(header.TrimEnd('\n')).Append('\n');
        }

        var start = text.Length;
        if (!BlockEmitter.TryWrite(value, indentSequences, text))
        {
            text.Length = start; // the fast emitter gave up: YamlDotNet writes the document
            EmitWithYamlDotNet(value, indentSequences, text);
        }

        return text;
    }

    /// <summary>The document as YamlDotNet's emitter writes it: the reference the fast <see cref="BlockEmitter"/> is tested against.</summary>
    internal static void EmitWithYamlDotNet(object? value, bool indentSequences, StringBuilder text)
    {
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(
            bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: indentSequences));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Write(emitter, value);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
    }

    /// <summary>A map whose keys keep insertion order; the usual building block for structured YAML.</summary>
    public static OrderedDictionary<string, object?> Map() => new(StringComparer.Ordinal);

    /// <summary>A <see cref="Map()"/> with room for <paramref name="capacity"/> keys (for the maps of which every user has one).</summary>
    public static OrderedDictionary<string, object?> Map(int capacity) => new(capacity, StringComparer.Ordinal);

    private static void Write(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case string text:
                WriteString(emitter, text);
                break;
            case bool flag:
                emitter.Emit(new Scalar(flag ? "true" : "false"));
                break;
            case int or long or uint:
                emitter.Emit(new Scalar(Convert.ToString(value, CultureInfo.InvariantCulture)!));
                break;
            case double number:
                emitter.Emit(new Scalar(Number(number)));
                break;
            case IDictionary map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (DictionaryEntry entry in map)
                {
                    WriteString(emitter, (string)entry.Key);
                    Write(emitter, entry.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable list:
                var empty = !list.Cast<object?>().Any(); // an empty list is written []
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, empty ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new InvalidOperationException($"YamlText cannot write a {value.GetType().Name}.");
        }
    }

    /// <summary>How a number is written: always with a decimal point, never in exponent form.</summary>
    internal static string Number(double number) => number.ToString("0.0###############", CultureInfo.InvariantCulture);

    /// <summary>The style a string is written in (see the class summary).</summary>
    internal static ScalarStyle StyleOf(string text) =>
        text.Contains('\n', StringComparison.Ordinal) && !text.Any(c => char.IsControl(c) && c != '\n') && LiteralRoundTrips(text)
            ? ScalarStyle.Literal
            : IsSafePlain(text) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted;

    private static void WriteString(IEmitter emitter, string text)
    {
        var style = StyleOf(text);
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: style == ScalarStyle.Plain, isQuotedImplicit: style != ScalarStyle.Plain));
    }

    /// <summary>
    /// Whether a literal block gives the text back exactly. The emitter has no indentation or "keep"
    /// indicators, so text that starts with a space or a line break, or ends in more than one line
    /// break, would change; such text is double-quoted instead.
    /// </summary>
    private static bool LiteralRoundTrips(string text) =>
        text[0] is not (' ' or '\n') && !text.EndsWith("\n\n", StringComparison.Ordinal)
        && LiteralChecks.GetOrAdd(text, EmitsAndReadsBack);

    // Every user's compose file carries the same scripts: check each distinct text once per run.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> LiteralChecks = new(StringComparer.Ordinal);

    private static bool EmitsAndReadsBack(string text)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new Scalar(null, null, text, ScalarStyle.Literal, isPlainImplicit: false, isQuotedImplicit: true));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        try
        {
            var parser = new Parser(new StringReader(writer.ToString()));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            return parser.Current is Scalar scalar && scalar.Value == text;
        }
        catch (YamlException)
        {
            return false;
        }
    }

    private static bool IsSafePlain(string text) =>
        text.Length > 0 && PlainFirst.Contains(text[0]) && !text.AsSpan(1).ContainsAnyExcept(PlainRest) && !Ambiguous.Contains(text);
}
