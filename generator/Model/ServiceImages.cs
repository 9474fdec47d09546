namespace Werkbank.Model;

/// <summary>
/// Pinned default images per service and per sidecar (never 'latest'); services.yaml 'version'
/// overrides the tag of a service's own image. Shared by the central compose files and the per-VM
/// compose file, so both run the same versions. Tags were checked against published compose files
/// of the projects where possible (see the README's services section).
/// </summary>
public static class ServiceImages
{
    private static readonly Dictionary<string, (string Image, string Tag)> Defaults = new(StringComparer.Ordinal)
    {
        // services of the catalog
        ["affine"] = ("ghcr.io/toeverything/affine-graphql", "stable-39476d1"),
        ["appflowy"] = ("docker.io/appflowyinc/appflowy_cloud", "0.9.149"),
        ["flowise"] = ("docker.io/flowiseai/flowise", "2.2.7"),
        ["gitlab"] = ("docker.io/gitlab/gitlab-ce", "17.9.2-ce.0"),
        ["guacamole"] = ("docker.io/guacamole/guacamole", "1.5.5"),
        ["keycloak"] = ("quay.io/keycloak/keycloak", "26.1.4"),
        ["kong"] = ("docker.io/library/kong", "3.9.0"),
        ["langfuse"] = ("docker.io/langfuse/langfuse", "3.115.0"),
        ["n8n"] = ("docker.io/n8nio/n8n", "1.82.3"),
        ["ollama"] = ("docker.io/ollama/ollama", "0.6.2"),
        ["open-webui"] = ("ghcr.io/open-webui/open-webui", "v0.5.20"),
        ["qdrant"] = ("docker.io/qdrant/qdrant", "v1.13.4"),
        ["searxng"] = ("docker.io/searxng/searxng", "2025.3.11-3fe602a46"),
        ["supabase"] = ("docker.io/supabase/studio", "2026.02.16-sha-26c615c"),
        ["traefik"] = ("docker.io/library/traefik", "v3.3.4"),

        // sidecars: dependencies a service needs beside it
        ["appflowy-gotrue"] = ("docker.io/appflowyinc/gotrue", "0.9.149"),
        ["clickhouse"] = ("docker.io/clickhouse/clickhouse-server", "24.12.3.47"),
        ["guacd"] = ("docker.io/guacamole/guacd", "1.5.5"),
        ["langfuse-worker"] = ("docker.io/langfuse/langfuse-worker", "3.115.0"),
        // The alpine build, for busybox wget in the healthcheck (the default image has no shell and no client).
        ["oauth2-proxy"] = ("quay.io/oauth2-proxy/oauth2-proxy", "v7.8.1-alpine"),
        ["minio"] = ("docker.io/minio/minio", "RELEASE.2025-04-22T22-12-26Z"),
        ["pgvector"] = ("docker.io/pgvector/pgvector", "0.8.0-pg16"),
        ["postgres"] = ("docker.io/library/postgres", "16.8"),
        ["redis"] = ("docker.io/library/redis", "7.4.2"),
        ["supabase-auth"] = ("docker.io/supabase/gotrue", "v2.186.0"),
        ["supabase-db"] = ("docker.io/supabase/postgres", "15.8.1.085"),
        ["supabase-meta"] = ("docker.io/supabase/postgres-meta", "v0.95.2"),
        ["supabase-rest"] = ("docker.io/postgrest/postgrest", "v14.5"),
        ["supabase-storage"] = ("docker.io/supabase/storage-api", "v1.44.2"),
    };

    /// <summary>Every image the generator can write, for tests (no 'latest', every tag pinned).</summary>
    public static IReadOnlyDictionary<string, string> All =>
        Defaults.ToDictionary(p => p.Key, p => $"{p.Value.Image}:{p.Value.Tag}", StringComparer.Ordinal);

    public static bool Has(string service) => Defaults.ContainsKey(service);

    public static string ImageOf(string service, string? version = null)
    {
        var (image, tag) = Defaults[service];
        return $"{image}:{version ?? tag}";
    }

    public static string TagOf(string service) => Defaults[service].Tag;
}
