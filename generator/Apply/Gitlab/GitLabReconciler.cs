using System.Collections.Immutable;
using Werkbank.Access;

namespace Werkbank.Apply.Gitlab;

/// <summary>What GitLab holds of the plan: the planned groups (and their parents) with their direct members, and the users looked up.</summary>
/// <param name="UsersKnown">False for a dry run without GITLAB_TOKEN: every planned user is assumed to exist.</param>
public sealed record LiveGitLab(
    ImmutableDictionary<string, (LiveGroup Group, ImmutableArray<LiveMember> Members)> Groups,
    ImmutableDictionary<string, LiveUser?> Users,
    bool UsersKnown)
{
    public static LiveGitLab Empty { get; } = new(
        ImmutableDictionary.Create<string, (LiveGroup, ImmutableArray<LiveMember>)>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary.Create<string, LiveUser?>(StringComparer.OrdinalIgnoreCase), UsersKnown: false);
}

/// <summary>One thing apply found. The first character of <see cref="Describe"/> says what: + ~ - = ? !</summary>
public abstract record GitLabStep
{
    public virtual bool Changes => false;

    public abstract string Describe(bool dryRun);

    protected static string Verb(bool dryRun, string present, string future) => dryRun ? future : present;

    protected static string LevelText(int level) => $"{GitLabLevels.Name(level)} ({level})";
}

public sealed record CreateGroup(string Path, string Name, string? ParentPath, string Visibility, string? Description, bool ParentOnly) : GitLabStep
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"+ {Verb(dryRun, "created", "create")} group {Path} ({Visibility}{(ParentPath is null ? string.Empty : $", in {ParentPath}")}{(ParentOnly ? ", a parent of a team's group" : string.Empty)})";
}

public sealed record AddMember(string Group, string Username, LiveUser? User, int Level, string? GrantedBy) : GitLabStep
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"+ {Verb(dryRun, "added", "add")} {Username} to {Group} as {LevelText(Level)}{(GrantedBy is null ? string.Empty : $": {GrantedBy}")}";
}

public sealed record ChangeLevel(string Group, LiveMember Member, int Level) : GitLabStep
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"~ {Verb(dryRun, "changed", "change")} {Member.Username} in {Group}: {LevelText(Member.AccessLevel)} -> {LevelText(Level)}";
}

public sealed record RemoveMember(string Group, LiveMember Member) : GitLabStep
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) =>
        $"- {Verb(dryRun, "removed", "remove")} {Member.Username} ({LevelText(Member.AccessLevel)}) from {Group}: not in the plan (--prune)";
}

public sealed record SetBlocked(LiveUser User, bool Block) : GitLabStep
{
    public override bool Changes => true;

    public override string Describe(bool dryRun) => Block
        ? $"~ {Verb(dryRun, "blocked", "block")} user {User.Username}: suspended in the inventory"
        : $"~ {Verb(dryRun, "unblocked", "unblock")} user {User.Username}: active in the inventory";
}

public sealed record InSync(string What) : GitLabStep
{
    public override string Describe(bool dryRun) => $"= {What}: in sync";
}

/// <summary>A member the plan does not name: kept, unless --prune (never an Owner).</summary>
public sealed record Unplanned(string Group, LiveMember Member) : GitLabStep
{
    public override string Describe(bool dryRun) => Member.AccessLevel >= GitLabGroupsClient.Owner
        ? $"? {Member.Username} is Owner of {Group}, not in the plan; Owners are never changed"
        : $"? {Member.Username} ({LevelText(Member.AccessLevel)}) in {Group} is not in the plan; kept (apply --prune removes it)";
}

/// <summary>A difference apply cannot or must not fix.</summary>
public sealed record Drift(string What, string Remedy) : GitLabStep
{
    public override string Describe(bool dryRun) => $"! {What}. {Remedy}";
}

/// <summary>
/// Compares the plan with what GitLab holds (a pure function: every case testable without GitLab) and
/// executes the resulting steps. Never deletes groups or projects; removes members only with --prune
/// and never an Owner; after a successful apply the same plan gives only <see cref="InSync"/> steps.
/// </summary>
public static class GitLabReconciler
{
    /// <summary>Every group the plan needs, parents first: "rnd" before "rnd/research".</summary>
    public static IEnumerable<string> GroupPaths(GitLabPlan plan) =>
        plan.Groups.SelectMany(g => Ancestors(g.Path).Append(g.Path)).Distinct(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Ancestors(string path)
    {
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            yield return string.Join('/', parts[..i]);
        }
    }

    public static ImmutableArray<GitLabStep> Diff(GitLabPlan plan, LiveGitLab live, bool prune)
    {
        var steps = new List<GitLabStep>();
        var created = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in plan.Groups)
        {
            var start = steps.Count;
            foreach (var parent in Ancestors(group.Path).Where(p => !live.Groups.ContainsKey(p) && created.Add(p)))
            {
                var planned = plan.Groups.FirstOrDefault(g => string.Equals(g.Path, parent, StringComparison.OrdinalIgnoreCase));
                steps.Add(planned is null
                    ? new CreateGroup(parent, parent[(parent.LastIndexOf('/') + 1)..], Parent(parent), group.Visibility, null, ParentOnly: true)
                    : Create(planned));
            }

            var exists = live.Groups.TryGetValue(group.Path, out var current);
            if (!exists && created.Add(group.Path))
            {
                steps.Add(Create(group));
            }

            var members = exists ? current.Members.ToDictionary(m => m.Username, StringComparer.OrdinalIgnoreCase) : [];
            foreach (var member in group.Members)
            {
                if (!members.TryGetValue(member.Username, out var have))
                {
                    var user = live.Users.GetValueOrDefault(member.Username);
                    steps.Add(user is null && live.UsersKnown
                        ? new Drift($"{member.Username} is not a GitLab user yet, so cannot join {group.Path}",
                            "Accounts are created at the first sign-in (Keycloak); run apply again after it.")
                        : new AddMember(group.Path, member.Username, user, member.AccessLevel, member.GrantedBy));
                    if (user is { State: "blocked" })
                    {
                        steps.Add(new SetBlocked(user, Block: false));
                    }

                    continue;
                }

                if (have.AccessLevel >= GitLabGroupsClient.Owner && member.AccessLevel < GitLabGroupsClient.Owner)
                {
                    steps.Add(new Drift($"{have.Username} is Owner of {group.Path} but the plan says {GitLabLevels.Name(member.AccessLevel)} ({member.AccessLevel})",
                        "Owners are never changed by apply: lower it by hand if it is not a platform admin."));
                }
                else if (have.AccessLevel != member.AccessLevel)
                {
                    steps.Add(new ChangeLevel(group.Path, have, member.AccessLevel));
                }

                if (have.State == "blocked" && !plan.BlockedUsers.Contains(have.Username, StringComparer.OrdinalIgnoreCase))
                {
                    steps.Add(new SetBlocked(new LiveUser(have.Id, have.Username, have.State), Block: false));
                }
            }

            var plannedNames = group.Members.Select(m => m.Username).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var extra in members.Values.Where(m => !plannedNames.Contains(m.Username)).OrderBy(m => m.Username, StringComparer.Ordinal))
            {
                steps.Add(prune && extra.AccessLevel < GitLabGroupsClient.Owner ? new RemoveMember(group.Path, extra) : new Unplanned(group.Path, extra));
            }

            if (!steps.Skip(start).Any(s => s is not Unplanned))
            {
                steps.Insert(start, new InSync($"group {group.Path} ({group.Members.Length} member(s))"));
            }
        }

        foreach (var username in plan.BlockedUsers)
        {
            var user = live.Users.GetValueOrDefault(username);
            steps.Add(user switch
            {
                null when live.UsersKnown => new InSync($"user {username} (suspended; no GitLab account)"),
                null => new SetBlocked(new LiveUser(0, username, "unknown"), Block: true),
                { State: "blocked" or "ldap_blocked" or "blocked_pending_approval" } => new InSync($"user {username} (blocked)"),
                _ => new SetBlocked(user, Block: true),
            });
        }

        return [.. steps.DistinctBy(s => s is SetBlocked b ? $"block {b.User.Username}" : (object)s)];
    }

    /// <summary>Reads the planned groups (and parents), their direct members, and the users the steps would need.</summary>
    public static async Task<LiveGitLab> ReadLiveAsync(GitLabPlan plan, GitLabGroupsClient client, CancellationToken cancellationToken)
    {
        var groups = ImmutableDictionary.CreateBuilder<string, (LiveGroup, ImmutableArray<LiveMember>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in GroupPaths(plan))
        {
            if (await client.FindGroupAsync(path, cancellationToken).ConfigureAwait(false) is { } group)
            {
                groups[path] = (group, [.. await client.MembersAsync(group, cancellationToken).ConfigureAwait(false)]);
            }
        }

        var users = ImmutableDictionary.CreateBuilder<string, LiveUser?>(StringComparer.OrdinalIgnoreCase);
        var needed = plan.Groups
            .SelectMany(g => g.Members.Where(m => !groups.TryGetValue(g.Path, out var live) || !live.Item2.Any(x => string.Equals(x.Username, m.Username, StringComparison.OrdinalIgnoreCase)))
                .Select(m => m.Username))
            .Concat(plan.BlockedUsers);
        foreach (var username in needed.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            users[username] = await client.FindUserAsync(username, cancellationToken).ConfigureAwait(false);
        }

        return new LiveGitLab(groups.ToImmutable(), users.ToImmutable(), UsersKnown: true);
    }

    /// <summary>Runs the steps that change GitLab, in order (parents before children); <paramref name="done"/> is told after each.</summary>
    public static async Task ExecuteAsync(IEnumerable<GitLabStep> steps, LiveGitLab live, GitLabGroupsClient client, Action<GitLabStep> done, CancellationToken cancellationToken)
    {
        var groups = live.Groups.ToDictionary(g => g.Key, g => g.Value.Group, StringComparer.OrdinalIgnoreCase);
        foreach (var step in steps.Where(s => s.Changes))
        {
            switch (step)
            {
                case CreateGroup create:
                    groups[create.Path] = await client.CreateGroupAsync(create.Path, create.Name, create.ParentPath is { } p ? groups[p].Id : null,
                        create.Visibility, create.Description, cancellationToken).ConfigureAwait(false);
                    break;
                case AddMember add:
                    await client.AddMemberAsync(groups[add.Group], add.User!.Id, add.Level, cancellationToken).ConfigureAwait(false);
                    break;
                case ChangeLevel change:
                    await client.ChangeMemberAsync(groups[change.Group], change.Member.Id, change.Level, cancellationToken).ConfigureAwait(false);
                    break;
                case RemoveMember remove:
                    await client.RemoveMemberAsync(groups[remove.Group], remove.Member.Id, cancellationToken).ConfigureAwait(false);
                    break;
                case SetBlocked blocked:
                    await client.SetBlockedAsync(blocked.User, blocked.Block, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"no executor for {step.GetType().Name}");
            }

            done(step);
        }
    }

    private static CreateGroup Create(PlannedGroup group) =>
        new(group.Path, group.Name, Parent(group.Path), group.Visibility, group.Description, ParentOnly: false);

    private static string? Parent(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : null;
}
