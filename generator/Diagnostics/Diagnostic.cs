namespace Werkbank.Diagnostics;

public enum DiagnosticLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One finding about the inventory: a stable code, where it is, what is wrong and how to fix it.</summary>
public sealed record Diagnostic(string Code, DiagnosticLevel Level, SourceSpan Span, string Message, string? Hint = null)
{
    public bool IsError => Level == DiagnosticLevel.Error;

    /// <summary>Formats as <c>inventory/users/bob.yaml:4:7: error INV0104: message</c>.</summary>
    public string Format(string inventoryDisplayRoot)
    {
        var level = Level.ToString().ToLowerInvariant();
        var where = Span.IsNone
            ? inventoryDisplayRoot
            : $"{JoinDisplayPath(inventoryDisplayRoot, Span.File)}:{Span.Line}:{Span.Column}";
        return $"{where}: {level} {Code}: {Printable(Shorten(Message))}";
    }

    /// <summary>A message quotes values; a hostile 60 KB value must not become a 60 KB line.</summary>
    private static string Shorten(string message) =>
        message.Length <= MaxMessageLength ? message : $"{message[..MaxMessageLength]}… ({message.Length} characters)";

    private const int MaxMessageLength = 400;

    /// <summary>
    /// Messages quote inventory values; a line break, an escape sequence (ESC[...) or a direction
    /// override in one must not break the one-line format or reach the terminal as a command.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    internal static string JoinDisplayPath(string root, string file)
    {
        if (root.Length == 0 || root == ".")
        {
            return file;
        }

        return root.EndsWith('/') ? root + file : root + "/" + file;
    }

    /// <summary>Diagnostics are reported by file, then position, then code: the order an admin fixes them in.</summary>
    public static IComparer<Diagnostic> Order { get; } = Comparer<Diagnostic>.Create((a, b) =>
    {
        var bySpan = a.Span.CompareTo(b.Span);
        if (bySpan != 0)
        {
            return bySpan;
        }

        var byCode = string.CompareOrdinal(a.Code, b.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(a.Message, b.Message);
    });
}
