using System.Collections.Immutable;
using Werkbank.Access;
using Werkbank.Model;

namespace Werkbank.Audit;

/// <summary>The Keycloak realm: present and revoked users exactly, enabled iff active, groups = teams (+ leads), role levels = the model's; revoked ones disabled with no roles and groups.</summary>
internal static class RealmAudit
{
    public static RealmAccess Check(PlatformModel model, object? realm, Findings findings)
    {
        var access = new RealmAccess();
        if (Tree.Str(realm, "realm") != model.Platform.Realm)
        {
            findings.Add("realm", $"is '{Tree.Str(realm, "realm")}', the inventory says '{model.Platform.Realm}'");
        }

        var roles = Tree.Maps(Tree.Map(realm, "roles"), "realm").GroupBy(r => Tree.Str(r, "name") ?? string.Empty, StringComparer.Ordinal).ToList();
        foreach (var twice in roles.Where(g => g.Count() > 1))
        {
            findings.Add($"role {twice.Key}", "is defined more than once");
        }

        var composites = roles.ToDictionary(
            g => g.Key,
            g => g.SelectMany(r => Tree.Strings(Tree.Map(r, "composites"), "realm")).ToList(),
            StringComparer.Ordinal);
        var users = Tree.Maps(realm, "users").ToList();
        var revoked = RevokedAccounts.For(model).ToHashSet(StringComparer.Ordinal);
        findings.CompareSets("users", "an account to", model.PresentUsers.Select(u => u.Name).Concat(revoked), users.Select(u => Tree.Str(u, "username") ?? string.Empty));
        foreach (var node in users)
        {
            var name = Tree.Str(node, "username") ?? string.Empty;
            var enabled = Tree.Str(node, "enabled") != "false";
            var levels = Expand(Tree.Strings(node, "realmRoles"), composites);
            access.Enabled[name] = enabled;
            access.Levels[name] = levels;
            if (revoked.Contains(name))
            {
                // keycloak-config-cli leaves out what the file leaves out: only an empty list takes roles and groups away.
                if (enabled || !node.ContainsKey("realmRoles") || !node.ContainsKey("groups") || Tree.Strings(node, "realmRoles").Any() || Tree.Strings(node, "groups").Any())
                {
                    findings.Add(AccessAudit.Subject(name), "is removed, but its account is not disabled with empty realm roles and groups");
                }

                continue;
            }

            if (model.User(name) is not { } user)
            {
                continue;
            }

            var subject = AccessAudit.Subject(name);
            if (enabled != (user.State == UserState.Active))
            {
                findings.Add(subject, enabled ? $"is enabled, but the user is {user.State.ToString().ToLowerInvariant()}" : "is disabled, but the user is active");
            }

            if (node.ContainsKey("credentials"))
            {
                findings.Add(subject, "has credentials in the realm file; passwords never belong in out/");
            }

            foreach (var service in model.Services.Select(s => s.Name).Where(s => !ServiceCatalog.IsInfrastructure(s)))
            {
                var have = levels.GetValueOrDefault(service);
                var want = user.LevelFor(service);
                if (have != want)
                {
                    findings.Add(AccessAudit.Subject(name, service), $"realm roles grant {AccessNames.Level(have)}, the inventory grants {AccessNames.Level(want)}");
                }
            }

            var teams = user.Teams.SelectMany(t => model.Team(t).Leads.Contains(name, StringComparer.Ordinal)
                ? new[] { AccessNames.TeamGroupPath(t), AccessNames.LeadsGroupPath(t) }
                : [AccessNames.TeamGroupPath(t)]);
            findings.CompareSets(subject, "group", teams, Tree.Strings(node, "groups"));
        }

        return access;
    }

    /// <summary>Follows composite roles (cycles are cut) and keeps the highest level per service.</summary>
    private static ImmutableSortedDictionary<string, AccessLevel> Expand(IEnumerable<string> roles, Dictionary<string, List<string>> composites)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(roles);
        var levels = new SortedDictionary<string, AccessLevel>(StringComparer.Ordinal);
        while (queue.TryDequeue(out var role))
        {
            if (!seen.Add(role))
            {
                continue;
            }

            if (AccessNames.ParseLevelRole(role) is { } grant && grant.Level > levels.GetValueOrDefault(grant.Service))
            {
                levels[grant.Service] = grant.Level;
            }

            foreach (var child in composites.GetValueOrDefault(role) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return levels.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }
}
