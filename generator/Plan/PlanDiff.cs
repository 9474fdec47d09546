using System.Collections.Immutable;
using Werkbank.Model;

namespace Werkbank.Plan;

/// <summary>
/// The semantic difference between two resolved models (the merge request's base and its head).
/// Pure: no files, no git. A missing base (first commit) compares against an empty platform.
/// </summary>
public static class PlanDiff
{
    public static PlanSummary Compare(PlatformModel? before, PlatformModel after)
    {
        var users = new List<UserChange>();
        var vms = new List<VmChange>();
        var access = new List<AccessChange>();
        var warnings = new List<string>();
        // Looked up here, not through PlatformModel.User: after `model with { Users = ... }` (allocation)
        // that index still holds the users from before allocation.
        var oldByName = (before?.Users ?? []).ToDictionary(u => u.Name, StringComparer.Ordinal);
        var newByName = after.Users.ToDictionary(u => u.Name, StringComparer.Ordinal);
        var names = (before?.Users.Select(u => u.Name) ?? []).Concat(after.Users.Select(u => u.Name))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var old = oldByName.GetValueOrDefault(name);
            var now = newByName.GetValueOrDefault(name);
            var events = UserEvents(old, now, name, warnings);
            users.AddRange(events);
            vms.AddRange(VmEvents(old, now, name, warnings));
            access.AddRange(AccessEvents(before, old, after, now, name, events));
        }

        var capacity = Capacity(before, after);
        foreach (var host in capacity)
        {
            if (host.OverCores || host.OverMemory || host.OverGpus)
            {
                warnings.Add($"host {host.Host} is over capacity after this change: {host.Cores}/{host.CoreLimit:0.#} cores, {host.MemoryGib}/{host.MemoryLimitGib:0.#} GiB, {host.Gpus}/{host.GpuLimit} GPUs");
            }
        }

        return new PlanSummary(
            [.. users],
            [.. vms.OrderBy(v => v.Vm, StringComparer.Ordinal).ThenBy(v => v.Kind)],
            [.. access.OrderBy(a => a.Service, StringComparer.Ordinal).ThenBy(a => a.User, StringComparer.Ordinal).ThenBy(a => a.Resource, StringComparer.Ordinal)],
            capacity,
            [.. warnings]);
    }

    private static bool Present(UserModel? user) => user is not null && user.State != UserState.Removed;

    private static List<UserChange> UserEvents(UserModel? old, UserModel? now, string name, List<string> warnings)
    {
        var events = new List<UserChange>();
        if (!Present(old) && Present(now))
        {
            events.Add(old is null
                ? new UserChange(name, UserChangeKind.Added, $"{now!.FullName} <{now.Email}>, role {now.Role}{TeamList(now.Teams)}")
                : new UserChange(name, UserChangeKind.Reactivated, $"was removed, now {State(now!.State)}"));
            return events;
        }

        if (Present(old) && !Present(now))
        {
            events.Add(new UserChange(name, UserChangeKind.Removed, now is null ? "file deleted" : "state: removed"));
            if (now is null)
            {
                warnings.Add($"users/{name}.yaml was deleted: set 'state: removed' instead, so that the allocation ledger keeps {name}'s tombstone and the history stays readable");
            }

            return events;
        }

        if (old is null || now is null || now.State == UserState.Removed)
        {
            return events;
        }

        if (old.State != now.State)
        {
            events.Add(new UserChange(name, now.State == UserState.Suspended ? UserChangeKind.Suspended : UserChangeKind.Reactivated, $"{State(old.State)} → {State(now.State)}"));
        }

        if (old.Role != now.Role)
        {
            events.Add(new UserChange(name, UserChangeKind.RoleChanged, $"{old.Role} → {now.Role}"));
        }

        events.AddRange(now.Teams.Except(old.Teams, StringComparer.Ordinal).Select(t => new UserChange(name, UserChangeKind.JoinedTeam, t)));
        events.AddRange(old.Teams.Except(now.Teams, StringComparer.Ordinal).Select(t => new UserChange(name, UserChangeKind.LeftTeam, t)));
        var edits = new List<string>();
        if (old.FullName != now.FullName)
        {
            edits.Add($"full name {old.FullName} → {now.FullName}");
        }

        if (old.Email != now.Email)
        {
            edits.Add($"email {old.Email} → {now.Email}");
        }

        var keysAdded = now.SshKeys.Except(old.SshKeys, StringComparer.Ordinal).Count();
        var keysRemoved = old.SshKeys.Except(now.SshKeys, StringComparer.Ordinal).Count();
        if (keysAdded + keysRemoved > 0)
        {
            edits.Add($"ssh keys: {keysAdded} added, {keysRemoved} removed");
        }

        if (old.Role == now.Role && !old.Local.SequenceEqual(now.Local, StringComparer.Ordinal))
        {
            edits.Add($"local services [{string.Join(", ", old.Local)}] → [{string.Join(", ", now.Local)}]");
        }

        if (edits.Count > 0)
        {
            events.Add(new UserChange(name, UserChangeKind.Edited, string.Join("; ", edits)));
        }

        return events;
    }

    private static IEnumerable<VmChange> VmEvents(UserModel? old, UserModel? now, string name, List<string> warnings)
    {
        var vm = $"{name}-ws";
        if (!Present(old) && Present(now))
        {
            yield return new VmChange(vm, VmChangeKind.Created, $"{Where(now!)}, {Size(now!)}{(now!.State == UserState.Suspended ? ", stopped" : string.Empty)}");
            yield break;
        }

        if (Present(old) && !Present(now))
        {
            warnings.Add($"VM {vm} on {HostOf(old!)} will be destroyed and its disk deleted ({name} is removed): copy anything still needed off it first");
            yield return new VmChange(vm, VmChangeKind.Destroyed, $"{Where(old!)}, {Size(old!)}");
            yield break;
        }

        if (old is null || now is null || !Present(now))
        {
            yield break;
        }

        if (old.State != now.State)
        {
            yield return now.State == UserState.Suspended
                ? new VmChange(vm, VmChangeKind.Stopped, "suspended: stopped, nothing deleted")
                : new VmChange(vm, VmChangeKind.Started, "reactivated");
        }

        if (old.Flavor != now.Flavor || old.Gpus != now.Gpus)
        {
            yield return new VmChange(vm, VmChangeKind.Resized, $"{Size(old)} → {Size(now)}");
            if (now.Flavor.DiskGib < old.Flavor.DiskGib)
            {
                warnings.Add($"VM {vm}: a disk cannot shrink ({old.Flavor.DiskGib} → {now.Flavor.DiskGib} GiB); the VM must be recreated and its data copied");
            }
        }

        if (HostOf(old) != HostOf(now))
        {
            warnings.Add($"VM {vm} moves from {HostOf(old)} to {HostOf(now)}: it is stopped and migrated, {name} loses open sessions");
            yield return new VmChange(vm, VmChangeKind.Moved, $"{HostOf(old)} → {HostOf(now)}");
        }

        if (old.Allocation?.Address is { } before && now.Allocation?.Address is { } after && before != after)
        {
            warnings.Add($"VM {vm} changes its address {before} → {after}: open connections break and DNS caches hold the old one");
            yield return new VmChange(vm, VmChangeKind.Readdressed, $"{before} → {after}");
        }
    }

    private static IEnumerable<AccessChange> AccessEvents(PlatformModel? before, UserModel? old, PlatformModel after, UserModel? now, string name, List<UserChange> events)
    {
        var was = before is not null && old is not null ? Entitlements.Of(before, old) : ImmutableSortedDictionary<(string Service, string Resource), Entitlement>.Empty;
        var isNow = now is not null ? Entitlements.Of(after, now) : ImmutableSortedDictionary<(string Service, string Resource), Entitlement>.Empty;
        foreach (var key in was.Keys.Union(isNow.Keys).Order())
        {
            var from = was.GetValueOrDefault(key);
            var to = isNow.GetValueOrDefault(key);
            if (from?.Level == to?.Level)
            {
                continue;
            }

            var cause = Cause(name, events, from?.Team ?? to?.Team, old, now);
            yield return new AccessChange(key.Service, name, key.Resource, Level(from), Level(to), cause);
        }
    }

    private static string? Level(Entitlement? entitlement) => entitlement is null ? null : Entitlements.LevelName(entitlement.Level);

    /// <summary>Why an access changes: the user's own event that explains it, else the role or team that changed.</summary>
    private static string Cause(string name, List<UserChange> events, string? team, UserModel? old, UserModel? now)
    {
        var lifecycle = events.FirstOrDefault(e => e.Kind is UserChangeKind.Added or UserChangeKind.Reactivated or UserChangeKind.Suspended or UserChangeKind.Removed);
        if (lifecycle is not null)
        {
            return $"{name} is {lifecycle.Kind.ToString().ToLowerInvariant()}";
        }

        if (team is not null && events.Any(e => e.Kind == UserChangeKind.JoinedTeam && e.Detail == team))
        {
            return $"{name} joins {team}";
        }

        if (team is not null && events.Any(e => e.Kind == UserChangeKind.LeftTeam && e.Detail == team))
        {
            return $"{name} leaves {team}";
        }

        if (events.FirstOrDefault(e => e.Kind == UserChangeKind.RoleChanged) is { } role)
        {
            return $"{name} changes role {role.Detail}";
        }

        return team is not null ? $"{name} (team {team} changed)" : $"{name} (role {now?.Role ?? old?.Role} changed)";
    }

    private static ImmutableArray<HostCapacity> Capacity(PlatformModel? before, PlatformModel after)
    {
        return [.. after.Hosts.Where(h => h.Kind == HostKind.Proxmox).Select(host =>
        {
            var now = after.PresentUsers.Where(u => HostOf(u) == host.Name).ToList();
            var was = before?.PresentUsers.Where(u => HostOf(u) == host.Name).ToList() ?? [];
            return new HostCapacity(
                host.Name,
                now.Count,
                was.Count,
                now.Sum(u => u.Flavor.Cores),
                was.Sum(u => u.Flavor.Cores),
                host.Cores * host.CpuOvercommit,
                now.Sum(u => u.Flavor.MemoryGib),
                was.Sum(u => u.Flavor.MemoryGib),
                host.MemoryGib * host.MemoryOvercommit,
                now.Sum(u => u.Gpus),
                was.Sum(u => u.Gpus),
                host.Gpus.Length);
        })];
    }

    internal static string HostOf(UserModel user) => user.Allocation?.Host ?? user.HostPin ?? "(unplaced)";

    private static string Where(UserModel user) =>
        user.Allocation is { } a ? $"on {a.Host}, VM id {a.VmId}, {a.Address}" : $"on {HostOf(user)}";

    private static string Size(UserModel user) =>
        $"{user.Flavor.Name} ({user.Flavor.Cores} cores, {user.Flavor.MemoryGib} GiB RAM, {user.Flavor.DiskGib} GiB disk{(user.Gpus > 0 ? $", {user.Gpus} GPU" : string.Empty)})";

    private static string State(UserState state) => state.ToString().ToLowerInvariant();

    private static string TeamList(ImmutableArray<string> teams) => teams.IsEmpty ? ", no team" : $", teams {string.Join(", ", teams)}";
}
