using System.Collections.Immutable;
using Werkbank.Model;

namespace Werkbank.Plan;

/// <summary>One thing a user may use: a service (Resource empty) or a team's object on it, at a level.</summary>
internal sealed record Entitlement(string Service, string Resource, AccessLevel Level, string? Team);

/// <summary>
/// What a user can actually use on the platform: the role's services, and through each team the
/// team's Qdrant collections, n8n workflows and GitLab group at the role's level for that service.
/// Suspended and removed users can use nothing (their login is disabled).
/// </summary>
internal static class Entitlements
{
    public static ImmutableSortedDictionary<(string Service, string Resource), Entitlement> Of(PlatformModel model, UserModel user)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<(string Service, string Resource), Entitlement>();
        if (user.State != UserState.Active)
        {
            return result.ToImmutable();
        }

        foreach (var (service, grant) in user.Access)
        {
            if (grant.Level != AccessLevel.None)
            {
                result[(service, string.Empty)] = new Entitlement(service, string.Empty, grant.Level, null);
            }
        }

        foreach (var team in user.Teams.Select(model.Team))
        {
            foreach (var (service, resource) in TeamResources(model, team))
            {
                var level = user.LevelFor(service);
                if (level != AccessLevel.None)
                {
                    result[(service, resource)] = new Entitlement(service, resource, level, team.Name);
                }
            }
        }

        return result.ToImmutable();
    }

    private static IEnumerable<(string Service, string Resource)> TeamResources(PlatformModel model, TeamModel team)
    {
        if (model.HasService("qdrant"))
        {
            var perTeam = model.Platform.Qdrant.Tenancy != "shared-collection";
            foreach (var collection in team.Collections)
            {
                yield return ("qdrant", perTeam ? $"{team.Name}-{collection}" : $"{collection} (team {team.Name})");
            }
        }

        if (model.HasService("n8n") && !team.Workflows.IsEmpty)
        {
            yield return ("n8n", $"{team.Name} workflows");
        }

        if (model.HasService("gitlab"))
        {
            yield return ("gitlab", $"group {team.GitlabGroup}");
        }
    }

    public static string LevelName(AccessLevel level) => level.ToString().ToLowerInvariant();
}
