using Werkbank.Diagnostics;
using Werkbank.Output;

namespace Werkbank.Validation;

/// <summary>
/// A secret in the inventory is an error wherever it stands (in a value, a comment, a key the binder
/// would reject anyway): the inventory is reviewed in merge requests and kept in Git history.
/// Runs on the raw text of every file, so it also fires when the YAML does not parse.
/// </summary>
internal static class SecretRules
{
    public static void Check(string file, string text, ICollection<Diagnostic> found)
    {
        foreach (var finding in SecretScan.Scan(text, inventory: true))
        {
            found.Add(DiagnosticBuilder.At(new SourceSpan(file, finding.Line, finding.Column)).SecretInInventory(finding.Kind));
        }
    }
}
