using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Kubernetes;

namespace Werkbank.Targets.Helm;

/// <summary>One chart: where helmfile gets it, its pinned version, and the top-level values keys its values.yaml documents.</summary>
public sealed record HelmChart(string Service, string Repository, string RepositoryUrl, string Chart, string Version, IReadOnlyList<string> DocumentedKeys);

/// <summary>
/// The charts the generator renders values for (services on a Kubernetes host), with the top-level
/// keys each chart's own values.yaml documents at the pinned version. Tests check that rendered
/// values use only these keys; extend the list only after reading the chart's values.yaml.
/// The chart version pins the application image (its appVersion); services.yaml 'version' sets image.tag.
/// </summary>
public static class HelmCharts
{
    private static readonly string[] RootPath = ["/"];

    private static readonly string[] Common = ["affinity", "fullnameOverride", "image", "imagePullSecrets", "ingress", "nameOverride", "nodeSelector", "podAnnotations", "resources", "service", "serviceAccount", "tolerations"];

    public static IReadOnlyDictionary<string, HelmChart> All { get; } = new Dictionary<string, HelmChart>(StringComparer.Ordinal)
    {
        ["qdrant"] = new("qdrant", "qdrant", "https://qdrant.github.io/qdrant-helm", "qdrant", "1.15.4",
            [.. Common, "additionalLabels", "apiKey", "args", "config", "env", "livenessProbe", "metrics", "persistence", "podDisruptionBudget", "podLabels", "readinessProbe", "replicaCount", "startupProbe", "topologySpreadConstraints"]),
        ["ollama"] = new("ollama", "otwld", "https://otwld.github.io/ollama-helm/", "ollama", "1.50.0",
            [.. Common, "autoscaling", "extraArgs", "extraEnv", "livenessProbe", "ollama", "persistentVolume", "podLabels", "readinessProbe", "replicaCount", "runtimeClassName", "volumeMounts", "volumes"]),
        ["open-webui"] = new("open-webui", "open-webui", "https://helm.openwebui.com/", "open-webui", "10.3.1",
            [.. Common, "containerSecurityContext", "databaseUrl", "enableOpenaiApi", "extraEnvFrom", "extraEnvVars", "logging", "ollama", "ollamaUrls", "persistence", "pipelines", "podLabels", "podSecurityContext", "replicaCount", "sso", "tika", "websocket"]),
        ["n8n"] = new("n8n", "community-charts", "https://community-charts.github.io/helm-charts", "n8n", "1.24.0",
            [.. Common, "binaryData", "db", "defaultLocale", "diagnostics", "encryptionKey", "existingEncryptionKeySecret", "externalRedis", "log", "main", "podLabels", "postgresql", "redis", "taskRunners", "timezone", "versionNotifications", "webhook", "worker"]),
        ["langfuse"] = new("langfuse", "langfuse", "https://langfuse.github.io/langfuse-k8s", "langfuse", "1.3.0",
            ["clickhouse", "fullnameOverride", "global", "langfuse", "nameOverride", "postgresql", "redis", "s3"]),
        ["flowise"] = new("flowise", "cowboysysop", "https://cowboysysop.github.io/charts/", "flowise", "3.10.3",
            [.. Common, "config", "extraEnvVars", "mariadb", "persistence", "podLabels", "postgresql", "replicaCount"]),
        ["searxng"] = new("searxng", "searxng", "https://charts.searxng.org", "searxng", "1.0.1",
            [.. Common, "autoscaling", "controller", "env", "podSecurityContext", "replicaCount", "searxng", "securityContext"]),
    };

    public static bool Has(string service) => All.ContainsKey(service);

    /// <summary>The values of one release. Secrets are ${NAME} placeholders that apply:helmfile fills (.ci/fill-placeholders) before helmfile runs.</summary>
    public static OrderedDictionary<string, object?> Values(PlatformModel model, ServiceModel service)
    {
        var values = YamlText.Map();
        var fqdn = model.Fqdn(service.Name);
        var secret = (string what) => "${" + ServiceEndpoints.Variable(service.Name, what) + "}";
        var clientSecret = ServiceEndpoints.ClientSecretPlaceholder(ServiceEndpoints.ClientId(service.Name));
        switch (service.Name)
        {
            case "qdrant":
                values["replicaCount"] = service.Replicas;
                values["apiKey"] = secret("API_KEY");
                values["config"] = Map(
                    ("cluster", Map(("enabled", service.Replicas > 1))),
                    ("storage", Map(("collection", Map(("replication_factor", Math.Min(2, service.Replicas)), ("write_consistency_factor", 1))))),
                    ("service", Map(("enable_tls", false))));
                values["persistence"] = Map(("size", "50Gi"));
                break;
            case "ollama":
                values["replicaCount"] = service.Replicas;
                var ollama = YamlText.Map();
                ollama["gpu"] = service.Gpus > 0 ? Map(("enabled", true), ("type", "nvidia"), ("number", service.Gpus)) : Map(("enabled", false));
                ollama["models"] = Map(("pull", service.Models.ToArray()));
                values["ollama"] = ollama;
                values["persistentVolume"] = Map(("enabled", true), ("size", "200Gi"));
                break;
            case "open-webui":
                values["replicaCount"] = service.Replicas;
                values["ollama"] = Map(("enabled", false));
                values["pipelines"] = Map(("enabled", false));
                values["enableOpenaiApi"] = false;
                values["ollamaUrls"] = new[] { model.Service("ollama") is { HostKind: HostKind.Kubernetes } ? $"http://ollama.{TeamNamespacesTarget.ServicesNamespace(model)}.svc:11434" : $"https://{model.Fqdn("ollama")}" };
                values["sso"] = Map(
                    ("enabled", true), ("enableSignup", true), ("mergeAccountsByEmail", true),
                    ("oidc", Map(("enabled", true), ("clientId", ServiceEndpoints.ClientId(service.Name)), ("clientSecret", clientSecret),
                        ("providerUrl", $"{ServiceEndpoints.Issuer(model)}/.well-known/openid-configuration"), ("providerName", "Keycloak"), ("scopes", "openid email profile"))));
                values["extraEnvVars"] = new[] { Env("WEBUI_URL", $"https://{fqdn}"), Env("ENABLE_LOGIN_FORM", "false") };
                values["persistence"] = Map(("enabled", true), ("size", "10Gi"));
                break;
            case "n8n":
                values["encryptionKey"] = secret("ENCRYPTION_KEY");
                values["timezone"] = model.Platform.Timezone;
                values["diagnostics"] = Map(("enabled", false));
                values["versionNotifications"] = Map(("enabled", false));
                values["main"] = Map(
                    ("editorBaseUrl", $"https://{fqdn}/"),
                    ("persistence", Map(("enabled", true))),
                    ("extraEnvVars", Map(("N8N_PROXY_HOPS", "1"), ("N8N_PERSONALIZATION_ENABLED", "false"))));
                values["webhook"] = Map(("url", $"https://{fqdn}/"));
                values["db"] = Map(("type", "postgresdb"));
                values["postgresql"] = Map(("enabled", true), ("auth", Map(("username", "n8n"), ("database", "n8n"), ("password", secret("DB_PASSWORD")))));
                break;
            case "langfuse":
                values["langfuse"] = Map(
                    ("salt", Map(("value", secret("SALT")))),
                    ("encryptionKey", Map(("value", secret("ENCRYPTION_KEY")))),
                    ("nextauth", Map(("url", $"https://{fqdn}"), ("secret", Map(("value", secret("NEXTAUTH_SECRET")))))),
                    ("additionalEnv", new[]
                    {
                        Env("AUTH_KEYCLOAK_CLIENT_ID", ServiceEndpoints.ClientId(service.Name)),
                        Env("AUTH_KEYCLOAK_CLIENT_SECRET", clientSecret),
                        Env("AUTH_KEYCLOAK_ISSUER", ServiceEndpoints.Issuer(model)),
                        Env("AUTH_DISABLE_USERNAME_PASSWORD", "true"),
                        Env("TELEMETRY_ENABLED", "false"),
                    }),
                    ("ingress", Ingress(service.Name, fqdn)));
                values["postgresql"] = Map(("auth", Map(("password", secret("DB_PASSWORD")))));
                values["clickhouse"] = Map(("auth", Map(("password", secret("CLICKHOUSE_PASSWORD")))));
                values["redis"] = Map(("auth", Map(("password", secret("REDIS_PASSWORD")))));
                values["s3"] = Map(("auth", Map(("rootPassword", secret("MINIO_PASSWORD")))));
                return values;
            case "flowise":
                // The chart says of replicaCount: "do not change it" (Flowise keeps state on its volume).
                values["extraEnvVars"] = new[] { Env("FLOWISE_SECRETKEY_OVERWRITE", secret("SECRET_KEY")), Env("DISABLE_FLOWISE_TELEMETRY", "true") };
                values["persistence"] = Map(("enabled", true));
                break;
            case "searxng":
                values["replicaCount"] = service.Replicas;
                values["searxng"] = Map(("use_default_settings", true), ("server", Map(("base_url", $"https://{fqdn}/"), ("secret_key", secret("SECRET")), ("limiter", false))));
                break;
            default:
                throw new InvalidOperationException($"no Helm chart for service '{service.Name}'");
        }

        // The chart's appVersion is the pinned default; searxng's chart defaults to 'latest', so its tag is always set.
        if (service.Version is not null || service.Name == "searxng")
        {
            values["image"] = Map(("tag", service.Version ?? ServiceImages.TagOf(service.Name)));
        }

        values["ingress"] = Ingress(service.Name, fqdn);
        return values;
    }

    /// <summary>Each chart shapes its ingress values its own way (checked against each chart's values.yaml).</summary>
    private static OrderedDictionary<string, object?> Ingress(string service, string fqdn) => service switch
    {
        "open-webui" => Map(("enabled", true), ("host", fqdn)),
        "flowise" => Map(("enabled", true), ("hosts", new[] { Map(("host", fqdn), ("paths", RootPath)) })),
        "searxng" => Map(("enabled", true), ("hosts", new[] { Map(("host", fqdn), ("paths", new[] { Map(("path", "/")) })) })),
        "qdrant" => Map(("enabled", true), ("hosts", new[] { Map(("host", fqdn), ("paths", new[] { Map(("path", "/"), ("pathType", "Prefix"), ("servicePort", 6333)) })) })),
        _ => Map(("enabled", true), ("hosts", new[] { Map(("host", fqdn), ("paths", new[] { Map(("path", "/"), ("pathType", "Prefix")) })) })),
    };

    private static OrderedDictionary<string, object?> Env(string name, string value) => Map(("name", name), ("value", value));

    internal static OrderedDictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = YamlText.Map();
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }
}
