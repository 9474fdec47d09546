namespace Werkbank.Diagnostics;

/// <summary>INV03xx: access (roles, teams, and how they compile into Keycloak, the gateway, Guacamole and GitLab).</summary>
public readonly partial struct At
{
    public Diagnostic AccessToUndeployedService(string role, string service) =>
        Warning("INV0301", $"role '{role}' grants access to '{service}', which is not deployed",
            $"The grant has no effect until services.yaml places '{service}'; remove it or deploy the service.");

    public Diagnostic RateLimitWithoutAccess(string role, string service) =>
        Warning("INV0302", $"role '{role}' limits '{service}', but grants no access to it",
            "A rate limit only applies to a service the role may use; grant access or drop the limit.");

    public Diagnostic SharedGitlabGroup(string group, string otherTeam) =>
        Error("INV0303", $"GitLab group '{group}' is already the group of team '{otherTeam}'",
            "Each team needs its own GitLab group, or members of one would land in the other; set gitlab.group to a distinct path.");

    public Diagnostic AccessToPlumbing(string service) =>
        Error("INV0304", $"'{service}' is platform plumbing: roles cannot be granted access to it",
            "Keycloak, Traefik and Kong carry every login; remove the entry (\"*\" already leaves them out).");
}
