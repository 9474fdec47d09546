namespace Werkbank.Model;

/// <summary>Where each service of the catalog can run: every service runs under docker compose; these also as a Helm release.</summary>
public static class ServicePlacement
{
    /// <summary>Services with an official (or de-facto standard) Helm chart the generator renders values for.</summary>
    public static IReadOnlyList<string> Kubernetes { get; } = ["flowise", "langfuse", "n8n", "ollama", "open-webui", "qdrant", "searxng"];

    /// <summary>Charted services whose chart runs a single replica only (Flowise keeps its state on one volume).</summary>
    public static IReadOnlyList<string> SingleReplica { get; } = ["flowise"];

    public static bool CanScaleOnKubernetes(string service) => !SingleReplica.Contains(service, StringComparer.Ordinal);

    public static bool CanRunOnKubernetes(string service) => Kubernetes.Contains(service, StringComparer.Ordinal);
}
