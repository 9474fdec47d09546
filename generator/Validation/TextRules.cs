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

    public const string UnsafeCharacterReason = "contains a control or invisible formatting character (newline, tab, a text-direction override, ...)";

    /// <summary>
    /// Control characters, line and paragraph separators (line breaks to YAML 1.1 and JavaScript) and
    /// bidirectional overrides (which make a reviewer read text other than what it is).
    /// </summary>
    public static bool HasUnsafeCharacter(string value) =>
        value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));

    public const string PlaceholderReason = "contains '${', which the apply step reads as a placeholder and fills with a CI secret (write '$ {' or leave it out)";

    /// <summary>
    /// "${": the start of a placeholder. out/ holds secrets only as ${NAME}, and what fills them
    /// (keycloak-config-cli, .ci/fill-placeholders, docker compose) fills every one it finds, so inventory
    /// text holding one could read a CI secret into a file that users see (a display name, a description).
    /// </summary>
    public static bool HasPlaceholder(string value) => value.Contains("${", StringComparison.Ordinal);

    public static bool CheckPlain(string what, string? value, SourceSpan span, List<Diagnostic> found, int maxLength = MaxLineLength)
    {
        if (value is null)
        {
            return true;
        }

        if (HasUnsafeCharacter(value))
        {
            found.Add(DiagnosticBuilder.At(span).InvalidText($"'{what}'", UnsafeCharacterReason));
            return false;
        }

        if (HasPlaceholder(value))
        {
            found.Add(DiagnosticBuilder.At(span).InvalidText($"'{what}'", PlaceholderReason));
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
