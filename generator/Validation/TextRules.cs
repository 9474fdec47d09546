using Werkbank.Diagnostics;

namespace Werkbank.Validation;

/// <summary>
/// Free text from the inventory lands in many file formats. Control characters (a newline in
/// particular) have no legitimate use in one-line values and are the usual start of an injection,
/// so they are refused here; everything else is escaped by the targets.
/// </summary>
internal static class TextRules
{
    public const int MaxLineLength = 200;

    public static bool CheckPlain(string what, string? value, SourceSpan span, List<Diagnostic> found, int maxLength = MaxLineLength)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Any(char.IsControl))
        {
            found.Add(DiagnosticBuilder.At(span).InvalidText($"'{what}'", "contains a control character (newline, tab, ...)"));
            return false;
        }

        if (value.Length > maxLength)
        {
            found.Add(DiagnosticBuilder.At(span).InvalidText($"'{what}'", $"is {value.Length} characters long; at most {maxLength} are allowed"));
            return false;
        }

        return true;
    }
}
