using Werkbank.Model;

namespace Werkbank.Audit;

/// <summary>
/// The Qdrant plan (another target writes it): each team may reach exactly its own collections. The plan
/// states access per team in the shape of Qdrant's JWT claims (<c>{"collection": ..., "access": "rw"}</c>);
/// the audit finds a team's entries as a property named after the team or an object with <c>"team"</c>, and
/// compares the collections they name with the inventory's.
/// </summary>
internal static class QdrantAudit
{
    public static void Check(PlatformModel model, object? plan, Findings findings)
    {
        var byTeam = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var teams = model.Teams.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Collect(plan, null, teams, byTeam);
        if (byTeam.Count == 0)
        {
            return;
        }

        foreach (var team in model.Teams)
        {
            var expected = team.Collections.Select(c => model.Platform.Qdrant.Tenancy == "shared-collection" ? c : $"{team.Name}-{c}");
            findings.CompareSets($"team {team.Name}", "access to collection", expected, byTeam.GetValueOrDefault(team.Name) ?? []);
        }
    }

    private static void Collect(object? node, string? team, HashSet<string> teams, Dictionary<string, HashSet<string>> byTeam)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                var owner = map.TryGetValue("team", out var t) && t is string named && teams.Contains(named) ? named : team;
                if (owner is not null && map.TryGetValue("collection", out var c) && c is string collection)
                {
                    (byTeam.TryGetValue(owner, out var set) ? set : byTeam[owner] = new(StringComparer.Ordinal)).Add(collection);
                }

                foreach (var (key, value) in map)
                {
                    Collect(value, teams.Contains(key) ? key : owner, teams, byTeam);
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    Collect(item, team, teams, byTeam);
                }

                break;
        }
    }
}
