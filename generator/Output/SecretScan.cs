using System.Text.RegularExpressions;

namespace Werkbank.Output;

/// <summary>One secret-shaped string: where it starts (1-based) and what it looks like. The value itself is never kept.</summary>
public sealed record SecretFinding(int Line, int Column, string Kind);

/// <summary>
/// Finds strings shaped like secrets: private key blocks, well-known token formats (GitLab, GitHub,
/// AWS, Slack, OpenAI/Anthropic, Google, JWTs) and literal values of fields named like a password or
/// token. Used on the inventory (a secret there is an error) and on every rendered tree (CI and tests
/// scan out/, which must hold only ${NAME} placeholders). Placeholders are never findings.
/// </summary>
public static partial class SecretScan
{
    private const string NotInWord = "(?<![A-Za-z0-9_+/-])";

    // Each pattern runs once over the whole text (source-generated: no regex interpreter to warm up);
    // none of them can match across a line break, so the findings are those of a line-by-line scan.
    private static readonly (string Kind, Regex Pattern)[] Tokens =
    [
        ("a private key block", PrivateKey()),
        ("a GitLab access token (glpat-...)", GitLabToken()),
        ("a GitLab runner token (glrt-/GR1348941...)", GitLabRunnerToken()),
        ("a GitHub token (ghp_...)", GitHubToken()),
        ("an AWS access key id (AKIA...)", AwsKeyId()),
        ("a Slack token (xox.-...)", SlackToken()),
        ("an API key (sk-...)", ApiKey()),
        ("a Google API key (AIza...)", GoogleApiKey()),
        ("a JSON Web Token (eyJ...)", JsonWebToken()),
    ];

    [GeneratedRegex("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    [GeneratedRegex(NotInWord + "gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabToken();

    [GeneratedRegex(NotInWord + "GR1348941[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabRunnerToken();

    [GeneratedRegex(NotInWord + "(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();

    [GeneratedRegex(NotInWord + "(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsKeyId();

    [GeneratedRegex(NotInWord + "xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    [GeneratedRegex(NotInWord + "sk-(?!ssh-|ecdsa-)[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKey();

    [GeneratedRegex(NotInWord + "AIza[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleApiKey();

    [GeneratedRegex(NotInWord + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex JsonWebToken();

    private const string SecretKey = """(?<key>[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret))""";

    // Every name SecretKey matches contains one of these, unless spelled with a non-ASCII letter that
    // the regex's IgnoreCase equates with an ASCII one (the Kelvin sign U+212A for k). ASCII text without any
    // (a large allocation ledger) skips the field patterns, whose lazy key match is tried at every line start.
    private static readonly System.Buffers.SearchValues<string> SecretKeyWords =
        System.Buffers.SearchValues.Create(["pass", "secret", "token", "key"], StringComparison.OrdinalIgnoreCase);

    /// <summary>In an inventory: a YAML key named like a secret at the start of a line (or list item), then its value.</summary>
    [GeneratedRegex(
        """^[ \t]*(?:-[ \t]+)?["']?""" + SecretKey + """["']?[ \t]*:[ \t]+(?<value>[^\n]*?)\r?$""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SecretKeyAtLineStart();

    /// <summary>In any file: `password: x`, `"api_key": "x"`, `DB_PASSWORD=x`: a field named like a secret, then its value.</summary>
    [GeneratedRegex(
        """(?<![A-Za-z0-9])["']?""" + SecretKey + """["']?[ \t]*(?::|=)[ \t]*(?<value>[^\n]*?)\r?$""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SecretField();

    /// <summary>
    /// Every secret-shaped string in <paramref name="text"/>, in order. <paramref name="inventory"/>: the
    /// text is an inventory file, where any literal value of a key named like a secret is a finding;
    /// elsewhere such a value counts only when it looks like a credential (letters and digits, no spaces).
    /// </summary>
    public static IReadOnlyList<SecretFinding> Scan(string text, bool inventory = false)
    {
        var found = new List<(int Index, int Order, SecretFinding Finding)>();
        var lines = new LineMap(text);
        for (var order = 0; order < Tokens.Length; order++)
        {
            foreach (var match in Tokens[order].Pattern.EnumerateMatches(text))
            {
                var (line, column) = lines.Position(match.Index);
                found.Add((match.Index, order, new SecretFinding(line, column, Tokens[order].Kind)));
            }
        }

        var tokenLines = found.Select(f => f.Finding.Line).ToHashSet();
        var mayHoldKey = text.AsSpan().ContainsAny(SecretKeyWords) || text.AsSpan().ContainsAnyExceptInRange('\0', '\x7F');
        var first = mayHoldKey ? (inventory ? SecretKeyAtLineStart() : SecretField()).Match(text) : Match.Empty;
        for (var field = first; field.Success; field = field.NextMatch())
        {
            var value = field.Groups["value"];
            var (line, _) = lines.Position(field.Index);
            if (IsLiteralSecret(value.Value, inventory) && !tokenLines.Contains(line))
            {
                // A line with a token finding reports only that; the field finding comes after a line's tokens.
                var column = lines.Position(value.Index).Column + (value.Value.Length - value.Value.TrimStart().Length);
                found.Add((field.Index, Tokens.Length, new SecretFinding(line, column, $"a literal value for '{field.Groups["key"].Value}'")));
            }
        }

        return [.. found.OrderBy(f => f.Finding.Line).ThenBy(f => f.Order).ThenBy(f => f.Index).Select(f => f.Finding)];
    }

    /// <summary>1-based line and column of a character index; the line starts are found only when a finding needs them.</summary>
    private sealed class LineMap(string text)
    {
        private List<int>? starts;

        public (int Line, int Column) Position(int index)
        {
            starts ??= LineStarts(text);
            var line = starts.BinarySearch(index);
            line = line >= 0 ? line : ~line - 1;
            return (line + 1, index - starts[line] + 1);
        }

        private static List<int> LineStarts(string text)
        {
            var result = new List<int> { 0 };
            for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
            {
                result.Add(i + 1);
            }

            return result;
        }
    }

    /// <summary>Every secret-shaped string in the files under <paramref name="folder"/> (paths relative, '/'-separated, sorted).</summary>
    public static IReadOnlyList<(string Path, SecretFinding Finding)> ScanTree(string folder)
    {
        var results = new List<(string, SecretFinding)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            results.AddRange(Scan(File.ReadAllText(file)).Select(f => (relative, f)));
        }

        return results;
    }

    /// <summary>
    /// Whether a field's value is a literal secret rather than nothing, a placeholder (${NAME}, $NAME,
    /// {{ expr }}, =expression) or a reference to a file or variable name.
    /// </summary>
    private static bool IsLiteralSecret(string raw, bool inventory)
    {
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        var value = (comment >= 0 ? raw[..comment] : raw).Trim().TrimEnd(',').Trim().Trim('"', '\'').Trim();
        if (value.Length < (inventory ? 1 : 6) || value is "null" or "~" or "true" or "false" or "[]" or "{}" or "|" or ">" or "|-" or ">-")
        {
            return false;
        }

        if (value.StartsWith('$') || value.StartsWith('=') || value.StartsWith('{') || value.StartsWith('[') || value.StartsWith('<')
            || value.Contains("${", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal))
        {
            return false;
        }

        if (value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("file:", StringComparison.Ordinal))
        {
            return false; // a path to a secret file, not the secret
        }

        if (inventory)
        {
            return true;
        }

        // A value without a digit and a letter, or with spaces, is prose or a name ("required", "see the docs"), not a credential.
        return value.Any(char.IsDigit) && value.Any(char.IsLetter) && !value.Contains(' ', StringComparison.Ordinal);
    }
}
