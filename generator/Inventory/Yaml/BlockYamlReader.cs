using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using Werkbank.Diagnostics;

namespace Werkbank.Inventory.Yaml;

/// <summary>
/// A fast path for the block-style YAML that people and our templates write: block mappings and
/// lists, one-line plain and quoted scalars, one-line flow lists, literal blocks (<c>|</c>, <c>|-</c>)
/// and comments. It gives the tree <see cref="YamlReader"/> gives (same text, same positions), or
/// null as soon as the text uses anything else (anchors, tags, folded or multi-line scalars, flow
/// mappings, tabs, CR, document markers, ...) or would be an error: the caller then parses with
/// YamlDotNet, which also words every error. So this reader only ever has to be right about what
/// it accepts, and the differential tests check exactly that against YamlDotNet.
/// Why it exists: YamlDotNet spends ~14 KB and ~17 µs on a 300-byte user file, which was most of
/// what <c>validate</c> cost at 10,000 users, and most of the parse-back of rendered files.
/// </summary>
internal sealed class BlockYamlReader
{
    // Characters that make us hand the text to YamlDotNet: controls (tab and CR included), DEL, C1
    // controls, the BOM, non-characters, and NEL/LS/PS, which YAML 1.1 readers take as line breaks.
    private static readonly SearchValues<char> Unsupported = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c != '\n').Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\uFEFF\uFFFE\uFFFF\u2028\u2029");

    private static readonly SearchValues<char> KeyFirst = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$./");
    private static readonly SearchValues<char> KeyRest = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$./-@+");

    // YAML's indicators: a plain scalar may not start with one ('-' may, before a non-space).
    private const string Indicators = "-?:,[]{}#&*!|>'\"%@`";
    private static readonly SearchValues<char> FlowPlainStop = SearchValues.Create(",[]{}:#'\"");

    // Stands for every node when only checking (build: false): nothing is allocated per node then.
    private static readonly YamlScalarValue Checked = new(SourceSpan.None, string.Empty, IsPlain: true);

    private readonly string file;
    private readonly ReadOnlyMemory<char> text;
    private readonly YamlLimits limits;
    private readonly bool build;
    private ReadOnlySpan<char> Text => text.Span;

    private int lineStart; // first character of the current line
    private int lineEnd;   // its '\n', or the end of the text
    private int line = 1;  // 1-based, as YamlDotNet counts
    private int indent;    // leading spaces of the current line (valid after SkipToContent)
    private bool atEnd;
    private bool failed;   // a document marker or directive: YamlDotNet reads such text
    private long nodeCount;

    private BlockYamlReader(string file, ReadOnlyMemory<char> text, YamlLimits limits, bool build)
    {
        this.file = file;
        this.text = text;
        this.limits = limits;
        this.build = build;
        lineEnd = LineEndFrom(0);
    }

    /// <summary>The tree of <paramref name="text"/>, or null when YamlDotNet has to read it.</summary>
    public static YamlValue? TryRead(string file, string text, YamlLimits limits) =>
        new BlockYamlReader(file, text.AsMemory(), limits, build: true).ReadDocument();

    /// <summary>
    /// Whether <paramref name="text"/> is certainly well-formed YAML (false: unknown, ask YamlDotNet).
    /// Builds nothing: for the parse-back of rendered files.
    /// </summary>
    public static bool IsCertainlyWellFormed(string text) => IsCertainlyWellFormed(text.AsMemory());

    /// <inheritdoc cref="IsCertainlyWellFormed(string)"/>
    public static bool IsCertainlyWellFormed(ReadOnlyMemory<char> text) =>
        new BlockYamlReader(string.Empty, text, Unlimited, build: false).ReadDocument() is not null;

    // Rendered files are ours, not an attacker's: only the depth limit (which keeps the recursion shallow) stays.
    private static readonly YamlLimits Unlimited = YamlLimits.Default with { MaxNodes = int.MaxValue, MaxScalarLength = int.MaxValue };

    private YamlValue? ReadDocument()
    {
        if (Text.ContainsAny(Unsupported))
        {
            return null;
        }

        SkipToContent();
        if (atEnd || failed || indent != 0)
        {
            return null; // an empty document, or one that starts indented: rare, YamlDotNet decides
        }

        var root = IsEntry(lineStart) ? ReadSequence(0, depth: 0)
            : KeyEnd(lineStart) >= 0 ? ReadMapping(lineStart, depth: 0)
            : null;
        return root is not null && atEnd && !failed ? root : null;
    }

    // ---- lines ----------------------------------------------------------------------------------

    private int LineEndFrom(int start)
    {
        var newline = Text[start..].IndexOf('\n');
        return newline < 0 ? text.Length : start + newline;
    }

    private void NextLine()
    {
        if (lineEnd >= text.Length)
        {
            atEnd = true;
            lineStart = lineEnd = text.Length;
            return;
        }

        lineStart = lineEnd + 1;
        lineEnd = LineEndFrom(lineStart);
        line++;
    }

    /// <summary>
    /// Moves to the first line (from the current one) that holds more than spaces and a comment, and
    /// measures its indentation. A document marker or directive there sets <see cref="failed"/>.
    /// </summary>
    private void SkipToContent()
    {
        while (!atEnd)
        {
            var content = Text.Slice(lineStart, lineEnd - lineStart);
            var spaces = content.IndexOfAnyExcept(' ');
            if (spaces >= 0 && content[spaces] != '#')
            {
                indent = spaces;
                failed |= spaces == 0 && (content[0] == '%' || IsMarker(content, "---") || IsMarker(content, "..."));
                return;
            }

            NextLine();
        }
    }

    private static bool IsMarker(ReadOnlySpan<char> content, string marker) =>
        content.StartsWith(marker, StringComparison.Ordinal) && (content.Length == 3 || content[3] == ' ');

    /// <summary>Finishes a one-line value ending at <paramref name="end"/>: only spaces and a comment may follow it.</summary>
    private bool EndOfLineValue(int end)
    {
        var rest = Text.Slice(end, lineEnd - end);
        var spaces = rest.IndexOfAnyExcept(' ');
        if (spaces == 0 || (spaces > 0 && rest[spaces] != '#'))
        {
            return false;
        }

        NextLine();
        SkipToContent();
        return !failed;
    }

    private SourceSpan Span(int index) => new(file, line, index - lineStart + 1);

    private bool IsEntry(int index) =>
        index < lineEnd && Text[index] == '-' && (index + 1 == lineEnd || Text[index + 1] == ' ');

    /// <summary>The index of the ':' after a plain key starting at <paramref name="index"/>, else -1.</summary>
    private int KeyEnd(int index)
    {
        if (index >= lineEnd || !KeyFirst.Contains(Text[index]))
        {
            return -1;
        }

        var length = Text.Slice(index + 1, lineEnd - index - 1).IndexOfAnyExcept(KeyRest) + 1;
        var colon = length > 0 ? index + length : lineEnd;
        return colon < lineEnd && Text[colon] == ':' && (colon + 1 == lineEnd || Text[colon + 1] == ' ') && colon - index < 1000
            ? colon
            : -1;
    }

    private bool Count(int depth) => depth <= limits.MaxDepth && ++nodeCount <= limits.MaxNodes;

    // ---- block nodes ----------------------------------------------------------------------------

    /// <summary>A block mapping whose first key starts at <paramref name="keyStart"/> on the current line.</summary>
    private YamlValue? ReadMapping(int keyStart, int depth)
    {
        if (!Count(depth))
        {
            return null;
        }

        var column = keyStart - lineStart;
        var span = Span(keyStart);
        var entries = build ? ImmutableArray.CreateBuilder<YamlEntry>() : null;
        while (true)
        {
            var colon = KeyEnd(keyStart);
            if (colon < 0 || !Count(depth + 1))
            {
                return null;
            }

            if (colon - keyStart > limits.MaxScalarLength)
            {
                return null;
            }

            var key = build ? new YamlScalarValue(Span(keyStart), Text[keyStart..colon].ToString(), IsPlain: true) : Checked;
            var value = ReadValue(colon + 1, column, depth + 1, inEntry: false);
            if (value is null)
            {
                return null;
            }

            entries?.Add(new YamlEntry(key, value));
            if (atEnd || indent < column)
            {
                break;
            }

            if (indent > column)
            {
                return null; // more indented: a continuation line? YamlDotNet decides
            }

            keyStart = lineStart + indent;
        }

        return build ? new YamlMappingValue(span, entries!.ToImmutable()) : Checked;
    }

    /// <summary>A block list whose first '-' stands in column <paramref name="column"/> of the current line.</summary>
    private YamlValue? ReadSequence(int column, int depth)
    {
        if (!Count(depth))
        {
            return null;
        }

        var span = Span(lineStart + column);
        var items = build ? ImmutableArray.CreateBuilder<YamlValue>() : null;
        while (true)
        {
            var dash = lineStart + column;
            var content = dash + 1 + Text.Slice(dash + 1, lineEnd - dash - 1).IndexOfAnyExcept(' ');
            if (content <= dash)
            {
                content = lineEnd;
            }

            YamlValue? item;
            if (content < lineEnd && KeyEnd(content) >= 0)
            {
                item = ReadMapping(content, depth + 1); // "- key: value": a mapping in the entry
            }
            else if (content < lineEnd && (IsEntry(content) || Text[content] == '|'))
            {
                return null; // "- - x" and "- |": YamlDotNet decides
            }
            else
            {
                item = ReadValue(dash + 1, column, depth + 1, inEntry: true);
            }

            if (item is null)
            {
                return null;
            }

            items?.Add(item);
            if (atEnd || indent < column)
            {
                break;
            }

            if (indent > column)
            {
                return null;
            }

            if (!IsEntry(lineStart + indent))
            {
                break; // a key at the list's column: the list was the value of a key in that column
            }
        }

        return build ? new YamlSequenceValue(span, items!.ToImmutable()) : Checked;
    }

    /// <summary>
    /// The value after a key's ':' or a list entry's '-' (at <paramref name="start"/>), owned by a node
    /// in column <paramref name="ownerColumn"/>. Leaves the reader on the next content line.
    /// </summary>
    private YamlValue? ReadValue(int start, int ownerColumn, int depth, bool inEntry)
    {
        var offset = Text.Slice(start, lineEnd - start).IndexOfAnyExcept(' ');
        var at = offset < 0 ? lineEnd : start + offset;
        if (at == lineEnd || (Text[at] == '#' && at > start))
        {
            // Nothing on this line: a nested block follows, or the value is empty (null).
            var nullSpan = Span(start);
            NextLine();
            SkipToContent();
            if (failed)
            {
                return null;
            }

            if (!atEnd && indent > ownerColumn)
            {
                return IsEntry(lineStart + indent) ? ReadSequence(indent, depth)
                    : KeyEnd(lineStart + indent) >= 0 ? ReadMapping(lineStart + indent, depth)
                    : null; // a scalar on the next line: YamlDotNet decides
            }

            if (!atEnd && indent == ownerColumn && !inEntry && IsEntry(lineStart + indent))
            {
                return ReadSequence(indent, depth); // "key:" then "- item" in the key's column
            }

            return Count(depth) ? (build ? new YamlScalarValue(nullSpan, string.Empty, IsPlain: true) : Checked) : null;
        }

        if (!Count(depth))
        {
            return null;
        }

        return Text[at] switch
        {
            '[' => ReadFlowSequence(at, depth),
            '"' => OneLine(ReadDoubleQuoted(at, out var end), end),
            '\'' => OneLine(ReadSingleQuoted(at, out var end), end),
            '|' => inEntry ? null : ReadLiteral(at, ownerColumn),
            '{' => at + 1 < lineEnd && Text[at + 1] == '}'
                ? OneLine(build ? new YamlMappingValue(Span(at), []) : Checked, at + 2)
                : null,
            _ => ReadPlain(at),
        };
    }

    private YamlValue? OneLine(YamlValue? value, int end) => value is not null && EndOfLineValue(end) ? value : null;

    // ---- scalars --------------------------------------------------------------------------------

    // YAML also lets '?' and ':' start a plain scalar before a non-space; we leave those to YamlDotNet.
    private static bool StartsPlain(ReadOnlySpan<char> text) =>
        !Indicators.Contains(text[0]) || (text[0] == '-' && text.Length > 1 && text[1] != ' ');

    private YamlValue? ReadPlain(int start)
    {
        var rest = Text.Slice(start, lineEnd - start);
        var comment = rest.IndexOf(" #", StringComparison.Ordinal);
        var value = (comment < 0 ? rest : rest[..comment]).TrimEnd(' ');
        if (!StartsPlain(value) || value.Contains(": ", StringComparison.Ordinal) || value[^1] == ':'
            || value.Length > limits.MaxScalarLength)
        {
            return null;
        }

        var scalar = build ? new YamlScalarValue(Span(start), value.ToString(), IsPlain: true) : Checked;
        NextLine();
        SkipToContent();
        return failed ? null : scalar;
    }

    /// <summary>A double-quoted scalar closed on its own line; <paramref name="end"/> is just after the closing quote.</summary>
    private YamlValue? ReadDoubleQuoted(int start, out int end)
    {
        end = -1;
        var builder = build ? new StringBuilder() : null;
        var i = start + 1;
        while (i < lineEnd)
        {
            var run = Text.Slice(i, lineEnd - i).IndexOfAny('"', '\\');
            if (run < 0)
            {
                return null; // continues on the next line
            }

            builder?.Append(Text.Slice(i, run));
            i += run;
            if (Text[i] == '"')
            {
                end = i + 1;
                return Scalar(start, builder, end - start - 2);
            }

            if (i + 1 >= lineEnd || Escape(i + 1, builder) is not { } consumed)
            {
                return null;
            }

            i += 1 + consumed;
        }

        return null;
    }

    private YamlValue? Scalar(int start, StringBuilder? builder, int rawLength)
    {
        if ((builder?.Length ?? rawLength) > limits.MaxScalarLength)
        {
            return null;
        }

        return build ? new YamlScalarValue(Span(start), builder!.ToString(), IsPlain: false) : Checked;
    }

    /// <summary>Decodes the escape after a backslash; returns how many characters it took, or null.</summary>
    private int? Escape(int at, StringBuilder? builder)
    {
        var simple = Text[at] switch
        {
            '0' => "\0",
            'a' => "\a",
            'b' => "\b",
            't' => "\t",
            'n' => "\n",
            'v' => "\v",
            'f' => "\f",
            'r' => "\r",
            'e' => "\u001B",
            ' ' => " ",
            '"' => "\"",
            '/' => "/",
            '\\' => "\\",
            'N' => "\u0085",
            '_' => "\u00A0",
            'L' => "\u2028",
            'P' => "\u2029",
            _ => null,
        };
        if (simple is not null)
        {
            builder?.Append(simple);
            return 1;
        }

        var digits = Text[at] switch { 'x' => 2, 'u' => 4, _ => 0 }; // \U (8 digits) is rare: YamlDotNet decides
        if (digits == 0 || at + digits >= lineEnd
            || !int.TryParse(Text.Slice(at + 1, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code)
            || code is >= 0xD800 and <= 0xDFFF)
        {
            return null;
        }

        builder?.Append((char)code);
        return 1 + digits;
    }

    private YamlValue? ReadSingleQuoted(int start, out int end)
    {
        end = -1;
        var builder = build ? new StringBuilder() : null;
        var i = start + 1;
        while (i < lineEnd)
        {
            var quote = Text.Slice(i, lineEnd - i).IndexOf('\'');
            if (quote < 0)
            {
                return null;
            }

            builder?.Append(Text.Slice(i, quote));
            i += quote;
            if (i + 1 < lineEnd && Text[i + 1] == '\'')
            {
                builder?.Append('\'');
                i += 2;
                continue;
            }

            end = i + 1;
            return Scalar(start, builder, end - start - 2);
        }

        return null;
    }

    /// <summary>
    /// A literal block (<c>|</c> or <c>|-</c>) under a node in column <paramref name="ownerColumn"/>:
    /// its lines are indented more than that node, by the indentation of its first line.
    /// </summary>
    private YamlValue? ReadLiteral(int start, int ownerColumn)
    {
        var strip = start + 1 < lineEnd && Text[start + 1] == '-';
        var header = start + (strip ? 2 : 1);
        if (Text.Slice(header, lineEnd - header).IndexOfAnyExcept(' ') >= 0 || lineEnd >= text.Length)
        {
            return null; // a comment, an indentation indicator, "|+", or the text ends here
        }

        var span = Span(start);
        var builder = build ? new StringBuilder() : null;
        NextLine();
        int blockIndent = -1, pendingBreaks = 0, length = 0, longestLeadingBlank = 0;
        var sawContent = false;
        while (!atEnd)
        {
            var content = Text.Slice(lineStart, lineEnd - lineStart);
            var spaces = content.IndexOfAnyExcept(' ');
            if (spaces < 0)
            {
                if (!sawContent)
                {
                    longestLeadingBlank = Math.Max(longestLeadingBlank, content.Length);
                }
                else if (content.Length > blockIndent)
                {
                    return null; // spaces beyond the indentation would be content: YamlDotNet decides
                }

                pendingBreaks++;
            }
            else
            {
                if (!sawContent)
                {
                    if (spaces <= ownerColumn || longestLeadingBlank > 0)
                    {
                        return null; // an empty block, or leading blank lines with spaces (YamlDotNet rejects some)
                    }

                    blockIndent = spaces;
                    sawContent = true;
                }
                else if (spaces < blockIndent)
                {
                    break;
                }

                if (lineEnd >= text.Length)
                {
                    return null; // the last line has no line break: YamlDotNet decides how to chomp
                }

                builder?.Append('\n', pendingBreaks).Append(content[blockIndent..]).Append('\n');
                length += pendingBreaks + content.Length - blockIndent + 1;
                pendingBreaks = 0;
            }

            NextLine();
        }

        if (!sawContent || length > limits.MaxScalarLength)
        {
            return null;
        }

        if (strip && builder is not null)
        {
            builder.Length--;
        }

        SkipToContent();
        if (failed)
        {
            return null;
        }

        return build ? new YamlScalarValue(span, builder!.ToString(), IsPlain: false) : Checked;
    }

    // ---- flow lists -----------------------------------------------------------------------------

    /// <summary>A flow list of scalars closed on its own line: <c>[a, "b c", 'd']</c>.</summary>
    private YamlValue? ReadFlowSequence(int start, int depth)
    {
        var span = Span(start);
        var items = build ? ImmutableArray.CreateBuilder<YamlValue>() : null;
        var i = SkipSpaces(start + 1);
        if (i < lineEnd && Text[i] == ']')
        {
            return OneLine(build ? new YamlSequenceValue(span, []) : Checked, i + 1);
        }

        while (i < lineEnd)
        {
            if (!Count(depth + 1))
            {
                return null;
            }

            int end;
            YamlValue? item;
            switch (Text[i])
            {
                case '"':
                    item = ReadDoubleQuoted(i, out end);
                    break;
                case '\'':
                    item = ReadSingleQuoted(i, out end);
                    break;
                default:
                    var length = Text.Slice(i, lineEnd - i).IndexOfAny(FlowPlainStop);
                    var raw = length < 0 ? ReadOnlySpan<char>.Empty : Text.Slice(i, length).TrimEnd(' ');
                    if (raw.IsEmpty || !StartsPlain(raw))
                    {
                        return null;
                    }

                    item = build ? new YamlScalarValue(Span(i), raw.ToString(), IsPlain: true) : Checked;
                    end = i + length;
                    break;
            }

            if (item is null)
            {
                return null;
            }

            items?.Add(item);
            i = SkipSpaces(end);
            if (i >= lineEnd)
            {
                return null;
            }

            if (Text[i] == ']')
            {
                return OneLine(build ? new YamlSequenceValue(span, items!.ToImmutable()) : Checked, i + 1);
            }

            if (Text[i] != ',')
            {
                return null;
            }

            i = SkipSpaces(i + 1);
            if (i < lineEnd && Text[i] == ']')
            {
                return null; // a trailing comma: YamlDotNet decides
            }
        }

        return null;
    }

    private int SkipSpaces(int index)
    {
        var offset = Text.Slice(index, lineEnd - index).IndexOfAnyExcept(' ');
        return offset < 0 ? lineEnd : index + offset;
    }
}
