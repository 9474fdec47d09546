using System.Collections;
using System.Globalization;
using System.Text;
using YamlDotNet.Core;

namespace Werkbank.Output;

/// <summary>
/// The part of YamlDotNet's <c>Emitter</c> that <see cref="YamlText"/> uses, ported line by line:
/// block mappings and lists, empty ones as <c>{}</c> and <c>[]</c>, plain, double-quoted and literal
/// scalars, no anchors, tags or comments, no line folding. It writes the same bytes as YamlDotNet
/// (a differential test holds it to that) without YamlDotNet's event queue and per-scalar analysis,
/// which were most of the time of the Proxmox target (one host_vars file per user). Anything outside
/// that part (a plain scalar it cannot vouch for, a key longer than a simple key may be, a lone
/// surrogate, an unusual line break) makes <see cref="TryWrite"/> return null: YamlText then emits
/// with YamlDotNet.
/// </summary>
internal sealed class BlockEmitter
{
    private const int BestIndent = 2;
    private const int MaxSimpleKeyLength = 1024;

    // What YamlDotNet counts as a line break: a key with one is not simple.
    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\n\r\x85\u2028\u2029");

    private readonly StringBuilder output;
    private readonly bool forceIndentLess;
    private readonly Stack<int> indents = new();
    private int indent = -1;
    private int column;
    private bool isWhitespace = true;
    private bool isIndentation = true;
    private bool isMappingContext;

    private BlockEmitter(StringBuilder output, bool indentSequences)
    {
        this.output = output;
        forceIndentLess = !indentSequences;
    }

    /// <summary>Appends the document for <paramref name="value"/> to <paramref name="output"/>; false (with output unspecified) when YamlDotNet has to.</summary>
    public static bool TryWrite(object? value, bool indentSequences, StringBuilder output)
    {
        if (value is "")
        {
            return false; // an empty document gets an explicit "---" from YamlDotNet
        }

        var emitter = new BlockEmitter(output, indentSequences);
        if (!emitter.Node(value, isMapping: false, isSimpleKey: false))
        {
            return false;
        }

        emitter.WriteIndent(); // the implicit document end
        return true;
    }

    private bool Node(object? value, bool isMapping, bool isSimpleKey)
    {
        isMappingContext = isMapping;
        return value switch
        {
            null => Scalar("null", ScalarStyle.Plain, isSimpleKey),
            string text => Scalar(text, YamlText.StyleOf(text), isSimpleKey),
            bool flag => Scalar(flag ? "true" : "false", ScalarStyle.Plain, isSimpleKey),
            int or long or uint => Scalar(Convert.ToString(value, CultureInfo.InvariantCulture)!, ScalarStyle.Plain, isSimpleKey),
            double number => Scalar(YamlText.Number(number), ScalarStyle.Plain, isSimpleKey),
            IDictionary map => !isSimpleKey && Mapping(map),
            IEnumerable list => !isSimpleKey && Sequence(list),
            _ => false,
        };
    }

    // ---- collections (EmitBlockMappingKey, EmitBlockSequenceItem, EmitFlow*) --------------------

    private bool Mapping(IDictionary map)
    {
        if (map.Count == 0)
        {
            return EmptyFlow("{", "}");
        }

        IncreaseIndent(isFlow: false, isIndentless: false);
        foreach (DictionaryEntry entry in map)
        {
            WriteIndent();
            if (entry.Key is not string key || key.Length > MaxSimpleKeyLength || key.AsSpan().IndexOfAny(LineBreaks) >= 0
                || !Node(key, isMapping: true, isSimpleKey: true))
            {
                return false; // a complex key ("? "): YamlDotNet
            }

            WriteIndicator(":", needWhitespace: false, whitespace: false, indentation: false);
            if (!Node(entry.Value, isMapping: true, isSimpleKey: false))
            {
                return false;
            }
        }

        indent = indents.Pop();
        return true;
    }

    private bool Sequence(IEnumerable list)
    {
        var items = list.Cast<object?>().ToList();
        if (items.Count == 0)
        {
            return EmptyFlow("[", "]");
        }

        IncreaseIndent(isFlow: false, isIndentless: isMappingContext && !isIndentation);
        foreach (var item in items)
        {
            WriteIndent();
            WriteIndicator("-", needWhitespace: true, whitespace: false, indentation: true);
            if (!Node(item, isMapping: false, isSimpleKey: false))
            {
                return false;
            }
        }

        indent = indents.Pop();
        return true;
    }

    private bool EmptyFlow(string open, string close)
    {
        WriteIndicator(open, needWhitespace: true, whitespace: true, indentation: false);
        WriteIndicator(close, needWhitespace: false, whitespace: false, indentation: false);
        return true;
    }

    // ---- scalars (SelectScalarStyle, Write*Scalar) ------------------------------------------------

    private bool Scalar(string value, ScalarStyle style, bool isSimpleKey)
    {
        if (style == ScalarStyle.Plain && !PlainIsCertain(value))
        {
            return false;
        }

        if (style == ScalarStyle.Literal && (isSimpleKey || !BlockAllowed(value)))
        {
            style = ScalarStyle.DoubleQuoted; // as SelectScalarStyle decides
        }

        IncreaseIndent(isFlow: true, isIndentless: false);
        var written = style switch
        {
            ScalarStyle.Plain => WritePlain(value),
            ScalarStyle.DoubleQuoted => WriteDoubleQuoted(value),
            ScalarStyle.Literal => WriteLiteral(value),
            _ => false,
        };
        indent = indents.Pop();
        return written;
    }

    /// <summary>
    /// A plain scalar YamlDotNet certainly writes plain (its analysis finds no indicator, space or
    /// break): letters, digits and <c>_ . / @ -</c>, starting with a letter, digit, '_' or '/' (or a minus sign before a digit).
    /// </summary>
    private static bool PlainIsCertain(string value)
    {
        if (value.Length == 0 || !(char.IsAsciiLetterOrDigit(value[0]) || value[0] is '_' or '/'
            || (value[0] == '-' && value.Length > 1 && char.IsAsciiDigit(value[1]))))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '/' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>AnalyzeScalar's IsBlockAllowed: no trailing space, no line of only spaces between line breaks.</summary>
    private static bool BlockAllowed(string value)
    {
        if (value.Length == 0 || value[^1] == ' ')
        {
            return false;
        }

        bool previousBreak = false, lineOfSpaces = false;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                lineOfSpaces |= previousBreak;
                previousBreak = false;
            }
            else if (c == '\n')
            {
                if (lineOfSpaces)
                {
                    return false;
                }

                previousBreak = true;
            }
            else
            {
                previousBreak = lineOfSpaces = false;
            }
        }

        return true;
    }

    private bool WritePlain(string value)
    {
        if (!isWhitespace)
        {
            Write(' ');
        }

        Write(value);
        isWhitespace = false;
        isIndentation = false;
        return true;
    }

    private bool WriteDoubleQuoted(string value)
    {
        WriteIndicator("\"", needWhitespace: true, whitespace: false, indentation: false);
        for (var index = 0; index < value.Length; index++)
        {
            var c = value[index];
            if (!IsPrintable(c) || c is '\r' or '\n' or '\x85' or '\u2028' or '\u2029' or '"' or '\\')
            {
                Write('\\');
                var simple = c switch
                {
                    '\0' => '0',
                    '\x7' => 'a',
                    '\x8' => 'b',
                    '\x9' => 't',
                    '\xA' => 'n',
                    '\xB' => 'v',
                    '\xC' => 'f',
                    '\xD' => 'r',
                    '\x1B' => 'e',
                    '"' => '"',
                    '\\' => '\\',
                    '\x85' => 'N',
                    '\xA0' => '_',
                    '\u2028' => 'L',
                    '\u2029' => 'P',
                    _ => '\0',
                };
                if (simple != '\0' || c == '\0')
                {
                    Write(simple);
                }
                else if (c <= 0xFF)
                {
                    Write('x');
                    Write(((ushort)c).ToString("X02", CultureInfo.InvariantCulture));
                }
                else if (char.IsHighSurrogate(c))
                {
                    if (index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]))
                    {
                        return false; // YamlDotNet throws on an orphaned surrogate: let it
                    }

                    Write('U');
                    Write(char.ConvertToUtf32(c, value[index + 1]).ToString("X08", CultureInfo.InvariantCulture));
                    index++;
                }
                else
                {
                    Write('u');
                    Write(((ushort)c).ToString("X04", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                Write(c);
            }
        }

        WriteIndicator("\"", needWhitespace: false, whitespace: false, indentation: false);
        isWhitespace = false;
        isIndentation = false;
        return true;
    }

    private static bool IsPrintable(char c) =>
        c is '\x9' or '\xA' or '\xD' or (>= '\x20' and <= '\x7E') or '\x85' or (>= '\xA0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');

    private bool WriteLiteral(string value)
    {
        if (value.AsSpan().IndexOfAny('\r', '\x85') >= 0 || value.AsSpan().IndexOfAny('\u2028', '\u2029') >= 0)
        {
            return false; // other line breaks: YamlDotNet
        }

        WriteIndicator("|", needWhitespace: true, whitespace: false, indentation: false);
        if (value[0] is ' ' or '\n')
        {
            WriteIndicator("2", needWhitespace: false, whitespace: false, indentation: false);
        }

        if (value[^1] != '\n')
        {
            WriteIndicator("-", needWhitespace: false, whitespace: false, indentation: false);
        }
        else if (value.Length >= 2 && value[^2] == '\n')
        {
            WriteIndicator("+", needWhitespace: false, whitespace: false, indentation: false);
        }

        WriteBreak();
        isIndentation = true;
        isWhitespace = true;
        var previousBreak = true;
        foreach (var c in value)
        {
            if (c == '\n')
            {
                WriteBreak();
                isIndentation = true;
                previousBreak = true;
            }
            else
            {
                if (previousBreak)
                {
                    WriteIndent();
                }

                Write(c);
                isIndentation = false;
                previousBreak = false;
            }
        }

        return true;
    }

    // ---- writing (IncreaseIndent, WriteIndent, WriteIndicator, Write, WriteBreak) ------------------

    private void IncreaseIndent(bool isFlow, bool isIndentless)
    {
        indents.Push(indent);
        if (indent < 0)
        {
            indent = isFlow ? BestIndent : 0;
        }
        else if (!isIndentless || !forceIndentLess)
        {
            indent += BestIndent;
        }
    }

    private void WriteIndent()
    {
        var currentIndent = Math.Max(indent, 0);
        if (!isIndentation || column > currentIndent || (column == currentIndent && !isWhitespace))
        {
            WriteBreak();
        }

        while (column < currentIndent)
        {
            Write(' ');
        }

        isWhitespace = true;
        isIndentation = true;
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace, bool indentation)
    {
        if (needWhitespace && !isWhitespace)
        {
            Write(' ');
        }

        Write(indicator);
        isWhitespace = whitespace;
        isIndentation &= indentation;
    }

    private void Write(char value)
    {
        output.Append(value);
        column++;
    }

    private void Write(string value)
    {
        output.Append(value);
        column += value.Length;
    }

    private void WriteBreak()
    {
        output.Append('\n');
        column = 0;
    }
}
