namespace Werkbank.Model;

/// <summary>
/// How the platform's parts find each service: its container port behind the gateway, its Keycloak
/// client and the CI variable holding that client's secret. One place, so that the compose files,
/// the Helm values, the gateway routes and the realm agree.
/// </summary>
public static class ServiceEndpoints
{
    private static readonly Dictionary<string, int> Ports = new(StringComparer.Ordinal)
    {
        ["affine"] = 3010,
        ["appflowy"] = 8000,
        ["flowise"] = 3000,
        ["gitlab"] = 80,
        ["guacamole"] = 8080,
        ["keycloak"] = 8080,
        ["kong"] = 8000,
        ["langfuse"] = 3000,
        ["n8n"] = 5678,
        ["ollama"] = 11434,
        ["open-webui"] = 8080,
        ["qdrant"] = 6333,
        ["searxng"] = 8080,
        ["supabase"] = 3000,
        ["traefik"] = 80,
    };

    /// <summary>oauth2-proxy, the login that Traefik's forwardAuth asks: a container beside the gateway.</summary>
    public const string OAuth2ProxyName = "oauth2-proxy";

    public const int OAuth2ProxyPort = 4180;

    /// <summary>The port the service's main container listens on (inside the compose network or the pod).</summary>
    public static int PortOf(string service) => Ports[service];

    /// <summary>The OIDC issuer of the platform's realm.</summary>
    public static string Issuer(PlatformModel model) => $"https://{model.Fqdn("keycloak")}/realms/{model.Platform.Realm}";

    /// <summary>The Keycloak client id of a service: its name.</summary>
    public static string ClientId(string service) => service;

    /// <summary>
    /// The CI variable that holds a Keycloak client's secret, e.g. KEYCLOAK_CLIENT_SECRET_OPEN_WEBUI. The
    /// realm and the service that logs in with the client must name the same one: two names for one
    /// secret meant two values, and a login refused with "invalid client credentials".
    /// </summary>
    public static string ClientSecretVariable(string clientId) => "KEYCLOAK_CLIENT_SECRET_" + EnvName(clientId);

    /// <summary>The ${NAME} placeholder of <see cref="ClientSecretVariable(string)"/>.</summary>
    public static string ClientSecretPlaceholder(string clientId) => "${" + ClientSecretVariable(clientId) + "}";

    /// <summary>A CI variable name for one secret of a service: LANGFUSE_NEXTAUTH_SECRET.</summary>
    public static string Variable(string service, string what) => $"{EnvName(service)}_{what}";

    /// <summary>A name as it appears in a CI variable: open-webui becomes OPEN_WEBUI.</summary>
    public static string EnvName(string name) => name.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// Where the gateway forwards a service's requests (with the Host header kept): the container
    /// itself when it runs beside the gateway, otherwise the edge relay of its docker host or the
    /// ingress of its Kubernetes cluster, both reached through the host's DNS name on port 80.
    /// </summary>
    public static string UpstreamUrl(PlatformModel model, ServiceModel service)
    {
        var gateway = model.Service(GatewayName(model));
        return gateway is not null && gateway.HostName == service.HostName
            ? $"http://{service.Name}:{PortOf(service.Name)}"
            : $"http://{model.Fqdn(service.HostName)}";
    }

    /// <summary>The gateway service of the platform (traefik or kong).</summary>
    public static string GatewayName(PlatformModel model) => model.Platform.Gateway == GatewayKind.Kong ? "kong" : "traefik";
}
