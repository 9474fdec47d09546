namespace Werkbank.Model;

/// <summary>
/// Pinned default images per service (never 'latest'); services.yaml 'version' overrides the tag.
/// Shared by the central compose files and the per-VM compose file, so both run the same versions.
/// </summary>
public static class ServiceImages
{
    private static readonly Dictionary<string, (string Image, string Tag)> Defaults = new(StringComparer.Ordinal)
    {
        ["ollama"] = ("docker.io/ollama/ollama", "0.6.2"),
        ["qdrant"] = ("docker.io/qdrant/qdrant", "v1.13.4"),
        ["open-webui"] = ("ghcr.io/open-webui/open-webui", "v0.5.20"),
        ["searxng"] = ("docker.io/searxng/searxng", "2025.3.6-41ba5a0b2"),
        ["n8n"] = ("docker.io/n8nio/n8n", "1.82.3"),
        ["flowise"] = ("docker.io/flowiseai/flowise", "2.2.7"),
    };

    public static bool Has(string service) => Defaults.ContainsKey(service);

    public static string ImageOf(string service, string? version = null)
    {
        var (image, tag) = Defaults[service];
        return $"{image}:{version ?? tag}";
    }

    public static string TagOf(string service) => Defaults[service].Tag;
}
