using Werkbank.Model;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Audit;

/// <summary>
/// The Qdrant plan, read back the way `apply qdrant` reads it (<see cref="QdrantPlan.FromJson"/>): each team
/// with collections has exactly two keys, the read key granting "r" and the write key granting "rw" on exactly
/// the team's own collections (shared-collection: restricted to the team's points by the payload
/// <c>team: &lt;name&gt;</c>); the planned collections are exactly the inventory's, each listing the teams that use it.
/// </summary>
internal static class QdrantAudit
{
    public static bool Expected(PlatformModel model) => model.HasService("qdrant") && model.Teams.Any(t => !t.Collections.IsEmpty);

    public static void Check(PlatformModel model, string json, Findings findings)
    {
        var plan = QdrantPlan.FromJson(json);
        var tenancy = model.Platform.Qdrant.Tenancy;
        if (plan.Tenancy != tenancy)
        {
            findings.Add("tenancy", $"is '{plan.Tenancy}', the inventory says '{tenancy}'");
        }

        var teams = model.Teams.Where(t => !t.Collections.IsEmpty).ToDictionary(t => t.Name, StringComparer.Ordinal);
        findings.CompareSets("access", "keys to team", teams.Keys, plan.Access.Select(a => a.Team));

        var owners = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var team in teams.Values)
        {
            foreach (var collection in team.Collections)
            {
                var name = QdrantTarget.CollectionName(model, team.Name, collection);
                (owners.TryGetValue(name, out var set) ? set : owners[name] = new(StringComparer.Ordinal)).Add(team.Name);
            }
        }

        findings.CompareSets("collections", "collection", owners.Keys, plan.Collections.Select(c => c.Name));
        foreach (var collection in plan.Collections.Where(c => owners.ContainsKey(c.Name)))
        {
            findings.CompareSets($"collection {collection.Name}", "a place to team", owners[collection.Name], collection.Teams);
        }

        foreach (var access in plan.Access.Where(a => teams.ContainsKey(a.Team)))
        {
            CheckKeys(model, teams[access.Team], access, findings);
        }
    }

    private static void CheckKeys(PlatformModel model, TeamModel team, TeamAccess access, Findings findings)
    {
        var subject = $"team {team.Name}";
        var levels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [QdrantTarget.ReadCredential(team.Name)] = "r",
            [QdrantTarget.WriteCredential(team.Name)] = "rw",
        };
        findings.CompareSets(subject, "the key", levels.Keys, access.Keys.Select(k => k.CredentialName));
        var expected = team.Collections.Select(c => QdrantTarget.CollectionName(model, team.Name, c)).ToList();
        var shared = model.Platform.Qdrant.Tenancy == QdrantTarget.SharedCollection;
        foreach (var key in access.Keys.Where(k => levels.ContainsKey(k.CredentialName)))
        {
            var level = levels[key.CredentialName];
            var keySubject = $"{subject}, key {key.CredentialName}";
            foreach (var entry in key.Claims.Access)
            {
                if (entry.Access != level)
                {
                    findings.Add(keySubject, $"grants '{entry.Access}' on collection '{entry.Collection}'; the key is for '{level}'");
                }

                if (shared && (entry.Payload is not { Count: 1 } payload || payload.GetValueOrDefault(QdrantTarget.TenantKey) != team.Name))
                {
                    findings.Add(keySubject, $"reaches other teams' points in collection '{entry.Collection}': its payload must be exactly {{ {QdrantTarget.TenantKey}: {team.Name} }}");
                }
            }

            findings.CompareSets(subject, $"'{level}' access to collection", expected, key.Claims.Access.Where(e => e.Access == level).Select(e => e.Collection));
        }
    }
}
