using Werkbank.Model;

namespace Werkbank.Access;

/// <summary>
/// How the one access decision of the model (<see cref="UserModel.Access"/>, from the role) is named at
/// each enforcement point. Targets write these names and the audit reads them back, so both sides
/// agree by construction and a hand edit of a rendered file shows up as a mismatch.
/// </summary>
public static class AccessNames
{
    public static string Level(AccessLevel level) => level.ToString().ToLowerInvariant();

    public static AccessLevel ParseLevel(string level) => ModelBuilder.ParseLevel(level);

    /// <summary>Keycloak realm role that carries one level of one service, e.g. <c>ollama:user</c>; inventory roles are composites of these.</summary>
    public static string LevelRole(string service, AccessLevel level) => $"{service}:{Level(level)}";

    /// <summary>Splits <c>service:level</c>; null for any other realm role (an inventory role, Keycloak's defaults).</summary>
    public static (string Service, AccessLevel Level)? ParseLevelRole(string role)
    {
        var colon = role.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var level = role[(colon + 1)..];
        return level is "user" or "editor" or "admin" ? (role[..colon], ParseLevel(level)) : null;
    }

    public static string TeamGroupPath(string team) => $"/{team}";

    public const string LeadsGroup = "leads";

    public static string LeadsGroupPath(string team) => $"/{team}/{LeadsGroup}";

    /// <summary>How oauth2-proxy's keycloak-oidc provider exposes a realm role among the user's groups.</summary>
    public static string ProxyRoleGroup(string role) => $"role:{role}";

    /// <summary>Kong ACL group of an inventory role.</summary>
    public static string RoleAcl(string role) => $"role-{role}";

    /// <summary>Kong ACL group of a team.</summary>
    public static string TeamAcl(string team) => $"team-{team}";

    /// <summary>The OIDC client the gateway logs users in with.</summary>
    public static string GatewayClient(GatewayKind gateway) => gateway == GatewayKind.Kong ? "kong" : "oauth2-proxy";

    public static string EnvName(string name) => ServiceEndpoints.EnvName(name);

    public static string ClientSecret(string clientId) => ServiceEndpoints.ClientSecretPlaceholder(clientId);

    public static string Issuer(PlatformModel model) => $"https://{model.Fqdn("keycloak")}/realms/{model.Platform.Realm}";
}
