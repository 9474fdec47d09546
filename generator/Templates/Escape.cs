using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Werkbank.Templates;

/// <summary>
/// Escaping for each context an inventory value can land in. Templates call these through the
/// functions registered in <see cref="TemplateSet"/>; targets that build data call them directly.
/// </summary>
public static class Escape
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A YAML double-quoted scalar; safe for any string in any YAML context (block or flow).</summary>
    public static string YamlString(string? value)
    {
        value ??= string.Empty;
        return value.AsSpan().IndexOfAny(YamlEscaped) < 0
            ? string.Concat("\"", value, "\"") // most values (names, hosts, URLs): nothing to escape
            : AppendYamlString(new StringBuilder(value.Length + 8), value).ToString();
    }

    /// <summary>Appends <paramref name="value"/> as <see cref="YamlString(string?)"/> writes it (templates print it straight into their output).</summary>
    public static StringBuilder AppendYamlString(StringBuilder builder, string? value)
    {
        var text = (value ?? string.Empty).AsSpan();
        builder.Append('"');
        for (var next = text.IndexOfAny(YamlEscaped); next >= 0; next = text.IndexOfAny(YamlEscaped))
        {
            builder.Append(text[..next]);
            var c = text[next];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"); break;
            }

            text = text[(next + 1)..];
        }

        return builder.Append(text).Append('"');
    }

    // What a YAML double-quoted scalar cannot hold as it is: the quote, the backslash, control
    // characters, and the line and byte-order marks some readers take for breaks or strip.
    private static readonly System.Buffers.SearchValues<char> YamlEscaped = System.Buffers.SearchValues.Create(
        "\"\\\u2028\u2029\u0085\uFEFF" + new string([.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl)]));

    /// <summary>A JSON string literal, quotes included.</summary>
    public static string JsonString(string? value) => JsonValue.Create(value ?? string.Empty).ToJsonString(JsonOptions);

    /// <summary>One shell word: single-quoted, with embedded single quotes closed, escaped and reopened.</summary>
    public static string ShellWord(string? value) => "'" + (value ?? string.Empty).Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// XML text or attribute content. Tabs and line breaks become character references, so that an
    /// attribute keeps them (parsers normalize literal ones to spaces); characters XML 1.0 cannot hold
    /// at all (most control characters, lone surrogates, U+FFFE/U+FFFF) become U+FFFD.
    /// </summary>
    public static string Xml(string? value)
    {
        var text = value ?? string.Empty;
        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&apos;"); break;
                case '\t': builder.Append("&#9;"); break;
                case '\n': builder.Append("&#10;"); break;
                case '\r': builder.Append("&#13;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (c < ' ' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Text in a Markdown table cell or line: no table breaks, no HTML, no link syntax.</summary>
    public static string Markdown(string? value)
    {
        value ??= string.Empty;
        if (!NeedsMarkdownEscape(value))
        {
            return value; // most names: nothing to escape, no copy
        }

        var builder = new StringBuilder(value.Length + 8);
        AppendMarkdown(builder, value);
        return builder.ToString();
    }

    /// <summary>Appends <paramref name="value"/> escaped as <see cref="Markdown(string?)"/> does (for large tables: no string per cell).</summary>
    public static StringBuilder AppendMarkdown(StringBuilder builder, string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            if (MarkdownSpecials.Contains(c))
            {
                builder.Append('\\');
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder;
    }

    private static bool NeedsMarkdownEscape(string value) => value.AsSpan().IndexOfAny(MarkdownChanged) >= 0;

    // The characters Markdown would read as syntax in a table cell or running text (escaped)...
    private static readonly System.Buffers.SearchValues<char> MarkdownSpecials = System.Buffers.SearchValues.Create("\\`*_[]<>|#!()");

    // ...and with the control characters (made spaces), every character AppendMarkdown changes.
    private static readonly System.Buffers.SearchValues<char> MarkdownChanged = System.Buffers.SearchValues.Create(
        "\\`*_[]<>|#!()" + new string([.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl)]));

    /// <summary>A PostgreSQL string literal ('...', quotes doubled; standard_conforming_strings). NUL cannot be stored and is refused.</summary>
    public static string SqlLiteral(string? value) => "'" + NoNul(value).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A PostgreSQL quoted identifier ("...", double quotes doubled).</summary>
    public static string SqlIdentifier(string? value) => "\"" + NoNul(value).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string NoNul(string? value) =>
        (value ?? string.Empty).Contains('\0', StringComparison.Ordinal) ? throw new ArgumentException("SQL text cannot hold NUL", nameof(value)) : value ?? string.Empty;
}
