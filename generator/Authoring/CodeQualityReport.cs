using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring;

/// <summary>
/// Diagnostics as a GitLab Code Quality report (the CodeClimate subset GitLab reads): GitLab shows
/// each finding inline on the line of the merge request diff. Paths are repository-relative
/// (the inventory folder as given, e.g. inventory/users/bob.yaml); the fingerprint is stable across
/// pipelines, so GitLab can tell new findings from fixed ones.
/// </summary>
public static class CodeQualityReport
{
    public static string Write(IEnumerable<Diagnostic> diagnostics, string inventoryDisplayRoot)
    {
        var items = new JsonArray();
        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Span.IsNone ? inventoryDisplayRoot : Diagnostic.JoinDisplayPath(inventoryDisplayRoot, diagnostic.Span.File);
            var line = Math.Max(1, diagnostic.Span.Line);
            var description = diagnostic.Hint is null ? $"{diagnostic.Code}: {diagnostic.Message}" : $"{diagnostic.Code}: {diagnostic.Message} ({diagnostic.Hint})";
            items.Add((JsonNode)new JsonObject
            {
                ["description"] = description,
                ["check_name"] = diagnostic.Code,
                ["fingerprint"] = Fingerprint(diagnostic.Code, path, line, diagnostic.Message),
                ["severity"] = diagnostic.Level switch
                {
                    DiagnosticLevel.Error => "blocker",
                    DiagnosticLevel.Warning => "minor",
                    _ => "info",
                },
                ["location"] = new JsonObject
                {
                    ["path"] = path,
                    ["lines"] = new JsonObject { ["begin"] = line },
                },
            });
        }

        return items.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static string Fingerprint(string code, string path, int line, string message) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{code}\n{path}\n{line}\n{message}")));
}
