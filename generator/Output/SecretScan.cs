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

    private static readonly (string Kind, Regex Pattern)[] Tokens =
    [
        ("a private key block", PrivateKey()),
        ("a GitLab access token (glpat-...)", new Regex(NotInWord + "gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)),
        ("a GitLab runner token (glrt-/GR1348941...)", new Regex(NotInWord + "GR1348941[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)),
        ("a GitHub token (ghp_...)", new Regex(NotInWord + "(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})", RegexOptions.CultureInvariant)),
        ("an AWS access key id (AKIA...)", new Regex(NotInWord + "(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)),
        ("a Slack token (xox.-...)", new Regex(NotInWord + "xox[abposr]-[A-Za-z0-9-]{10,}", RegexOptions.CultureInvariant)),
        ("an API key (sk-...)", new Regex(NotInWord + "sk-(?!ssh-|ecdsa-)[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant)),
        ("a Google API key (AIza...)", new Regex(NotInWord + "AIza[0-9A-Za-z_-]{35}", RegexOptions.CultureInvariant)),
        ("a JSON Web Token (eyJ...)", new Regex(NotInWord + "eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)),
    ];

    [GeneratedRegex("-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKey();

    private const string SecretKey = """(?<key>[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret))""";

    /// <summary>In an inventory: a YAML key named like a secret at the start of a line (or list item), then its value.</summary>
    [GeneratedRegex(
        """^[ \t]*(?:-[ \t]+)?["']?""" + SecretKey + """["']?[ \t]*:[ \t]+(?<value>.*)$""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretKeyAtLineStart();

    /// <summary>In any file: `password: x`, `"api_key": "x"`, `DB_PASSWORD=x`: a field named like a secret, then its value.</summary>
    [GeneratedRegex(
        """(?<![A-Za-z0-9])["']?""" + SecretKey + """["']?[ \t]*(?::|=)[ \t]*(?<value>.*)$""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretField();

    /// <summary>
    /// Every secret-shaped string in <paramref name="text"/>, in order. <paramref name="inventory"/>: the
    /// text is an inventory file, where any literal value of a key named like a secret is a finding;
    /// elsewhere such a value counts only when it looks like a credential (letters and digits, no spaces).
    /// </summary>
    public static IReadOnlyList<SecretFinding> Scan(string text, bool inventory = false)
    {
        var findings = new List<SecretFinding>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            foreach (var (kind, pattern) in Tokens)
            {
                foreach (Match match in pattern.Matches(line))
                {
                    findings.Add(new SecretFinding(i + 1, match.Index + 1, kind));
                }
            }

            var field = inventory ? SecretKeyAtLineStart().Match(line) : SecretField().Match(line);
            if (field.Success && IsLiteralSecret(field.Groups["value"].Value, inventory))
            {
                var value = field.Groups["value"];
                var column = value.Index + (value.Value.Length - value.Value.TrimStart().Length) + 1;
                if (!findings.Any(f => f.Line == i + 1))
                {
                    findings.Add(new SecretFinding(i + 1, column, $"a literal value for '{field.Groups["key"].Value}'"));
                }
            }
        }

        return findings;
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
