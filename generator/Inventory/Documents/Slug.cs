using System.Text.RegularExpressions;

namespace Werkbank.Inventory.Documents;

/// <summary>Names are slugs: Linux user names, DNS labels and Keycloak names at once.</summary>
public static partial class Slug
{
    public const string Pattern = "^[a-z][a-z0-9-]{0,30}$";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex Regex();

    // The pattern stays JSON-Schema compatible ('$'); in .NET '$' also matches before a final line break, so the match must cover the name.
    public static bool IsValid(string name) => Regex().Match(name) is { Success: true } match && match.Length == name.Length && !name.EndsWith('-');
}
