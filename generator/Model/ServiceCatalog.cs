namespace Werkbank.Model;

/// <summary>
/// The closed catalog of services the generator knows how to render (inventory spec, services.yaml).
/// Facts about each service that several targets need live here, once.
/// </summary>
public static class ServiceCatalog
{
    public static IReadOnlyList<string> All { get; } =
    [
        "affine", "appflowy", "flowise", "gitlab", "guacamole", "keycloak", "kong", "langfuse",
        "n8n", "ollama", "open-webui", "qdrant", "searxng", "supabase", "traefik",
    ];

    /// <summary>Services that can also run inside a user's VM (roles.local, users.local).</summary>
    public static IReadOnlyList<string> Local { get; } = ["flowise", "n8n", "ollama", "open-webui", "qdrant", "searxng"];

    /// <summary>The platform's own plumbing: not something a role is granted access to.</summary>
    public static IReadOnlyList<string> Infrastructure { get; } = ["keycloak", "kong", "traefik"];

    /// <summary>Team workflows the generator can render for n8n (teams/*.yaml n8n.workflows).</summary>
    public static IReadOnlyList<string> Workflows { get; } = ["doc-ingest", "team-qa"];

    /// <summary>Services with their own web login through Keycloak (an OIDC client each); the others sit behind the gateway's login only.</summary>
    public static IReadOnlyList<string> WebLogin { get; } = ["affine", "appflowy", "gitlab", "guacamole", "langfuse", "open-webui", "supabase"];

    /// <summary>
    /// Web logins that use OpenID Connect's implicit flow: Guacamole's openid extension (1.5) asks for an
    /// id_token straight from the authorization endpoint and has no client secret. Keycloak refuses that
    /// request unless the client allows the implicit flow.
    /// </summary>
    public static IReadOnlyList<string> ImplicitFlowLogin { get; } = ["guacamole"];

    /// <summary>
    /// Web logins configured to send PKCE (GitLab's omniauth: <c>pkce: true</c>), whose Keycloak client may
    /// therefore require it. The others (Open WebUI, Langfuse's NextAuth, Supabase's and AppFlowy's GoTrue)
    /// send none, and a client that requires PKCE refuses them ("Missing parameter: code_challenge_method");
    /// they prove themselves with the client secret.
    /// </summary>
    public static IReadOnlyList<string> PkceLogin { get; } = ["gitlab"];

    /// <summary>The service through which users open their own VM (one connection each); roles grant it unless they say none.</summary>
    public const string VmDoor = "guacamole";

    public static bool IsKnown(string service) => All.Contains(service, StringComparer.Ordinal);

    public static bool IsInfrastructure(string service) => Infrastructure.Contains(service, StringComparer.Ordinal);
}
