namespace Werkbank.Diagnostics;

/// <summary>
/// The one catalogue of diagnostics. Every code is created in exactly one method here (or in a
/// <c>DiagnosticBuilder.*.cs</c> partial beside it), is never renumbered, and has a test case under
/// <c>tests/Diagnostics/</c>. Call sites read as sentences:
/// <c>DiagnosticBuilder.At(span).UnknownRole(name, knownRoles)</c>.
/// Ranges: INV00xx loading, INV01xx references and values, INV02xx allocation and placement,
/// INV03xx access, INV04xx services and network, INV05xx team knowledge, INV06xx GitOps, INV09xx hostile input.
/// </summary>
public static partial class DiagnosticBuilder
{
    public static At At(SourceSpan span) => new(span);
}

public readonly partial struct At(SourceSpan span)
{
    public SourceSpan Span { get; } = span;

    private Diagnostic Error(string code, string message, string? hint = null) =>
        new(code, DiagnosticLevel.Error, Span, message, hint);

    private Diagnostic Warning(string code, string message, string? hint = null) =>
        new(code, DiagnosticLevel.Warning, Span, message, hint);

    // ---- INV00xx: loading files ----

    public Diagnostic YamlSyntax(string detail) =>
        Error("INV0001", $"YAML syntax error: {detail}", "Check indentation and quoting near this position.");

    public Diagnostic DuplicateKey(string key) =>
        Error("INV0002", $"duplicate key '{key}'", "A key may appear once per mapping; merge the two entries.");

    public Diagnostic UnknownKey(string key, string context, IEnumerable<string> knownKeys) =>
        Error("INV0003", $"unknown key '{key}' in {context}{Suggest.DidYouMean(key, knownKeys)}",
            $"Allowed keys: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))}.");

    public Diagnostic WrongType(string what, string expected, string actual) =>
        Error("INV0004", $"{what} must be {expected}, found {actual}");

    public Diagnostic InvalidEnumValue(string what, string value, IEnumerable<string> allowed) =>
        Error("INV0005", $"'{value}' is not a valid {what}{Suggest.DidYouMean(value, allowed)}",
            $"Allowed values: {string.Join(", ", allowed)}.");

    public Diagnostic MissingKey(string key, string context) =>
        Error("INV0006", $"required key '{key}' is missing in {context}");

    public Diagnostic MissingFile(string file) =>
        Error("INV0007", $"required file '{file}' is missing", "Every inventory has platform.yaml, hosts.yaml, services.yaml and roles.yaml.");

    public Diagnostic UnexpectedFile(string file, string why) =>
        Error("INV0008", $"unexpected file '{file}': {why}");

    public Diagnostic EmptyDocument(string file) =>
        Error("INV0009", $"'{file}' is empty", "An empty file describes nothing; delete it or fill it in.");

    // INV0010 (a 'name' key disagreeing with the file name) was retired: documents have no 'name' key, so
    // such a key is an unknown key (INV0003). The code is not reused.

    public Diagnostic ValueOutOfRange(string what, string value, string range) =>
        Error("INV0011", $"{what} is {value}, but must be {range}");

    public Diagnostic StringPatternMismatch(string what, string value, string pattern) =>
        Error("INV0012", $"{what} '{value}' does not match {pattern}");

    public Diagnostic UnreadableFile(string file, string detail) =>
        Error("INV0013", $"cannot read '{file}': {detail}");
}
