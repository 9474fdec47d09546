using System.Globalization;
using Werkbank.Access;
using Werkbank.Model;

namespace Werkbank.Audit;

/// <summary>The GitLab plan: a group per team, members exactly the active ones with access, at the mapped level; suspended users blocked.</summary>
internal static class GitLabAudit
{
    public static void Check(PlatformModel model, object? plan, Findings findings)
    {
        var groups = Tree.Maps(plan, "groups").ToDictionary(g => Tree.Str(g, "path") ?? string.Empty, StringComparer.Ordinal);
        findings.CompareSets("groups", "a group", model.Teams.Select(t => t.GitlabGroup), groups.Keys);
        foreach (var team in model.Teams)
        {
            if (!groups.TryGetValue(team.GitlabGroup, out var group))
            {
                continue;
            }

            var expected = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var member in team.Members)
            {
                var user = model.User(member)!;
                if (GitLabLevels.For(AccessAudit.Intended(user, "gitlab"), team.Leads.Contains(member, StringComparer.Ordinal)) is { } level)
                {
                    expected[member] = level;
                }
            }

            var actual = Tree.Maps(group, "members").ToDictionary(m => Tree.Str(m, "username") ?? string.Empty, m => Tree.Int(m, "access_level") ?? 0, StringComparer.Ordinal);
            findings.CompareSets($"group {team.GitlabGroup}", "membership to", expected.Keys, actual.Keys);
            foreach (var (name, level) in actual.Where(a => expected.ContainsKey(a.Key) && expected[a.Key] != a.Value))
            {
                findings.Add(AccessAudit.Subject(name, $"gitlab group {team.GitlabGroup}"),
                    string.Create(CultureInfo.InvariantCulture, $"access level {level}, the inventory maps to {expected[name]}"));
            }
        }

        findings.CompareSets("blocked_users", "a block of", model.Users.Where(u => u.State == UserState.Suspended).Select(u => u.Name), Tree.Strings(plan, "blocked_users"));
    }
}
