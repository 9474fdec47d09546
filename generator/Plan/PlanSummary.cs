using System.Collections.Immutable;

namespace Werkbank.Plan;

/// <summary>
/// What a change of the inventory means for the platform, in the words an admin decides in:
/// who comes and goes, which VMs are created or destroyed, who gains or loses which access.
/// Built by <see cref="PlanDiff"/> from two models; rendered by <see cref="PlanMarkdown"/>.
/// Every list is sorted, so the same change always reads the same.
/// </summary>
public sealed record PlanSummary(
    ImmutableArray<UserChange> Users,
    ImmutableArray<VmChange> Vms,
    ImmutableArray<AccessChange> Access,
    ImmutableArray<HostCapacity> Capacity,
    ImmutableArray<string> Warnings)
{
    public bool IsEmpty => Users.IsEmpty && Vms.IsEmpty && Access.IsEmpty;
}

public enum UserChangeKind
{
    Added,
    Reactivated,
    Suspended,
    Removed,
    RoleChanged,
    JoinedTeam,
    LeftTeam,
    Edited,
}

/// <summary>One event about one user, e.g. (bob, RoleChanged, "developer → ml-engineer").</summary>
public sealed record UserChange(string User, UserChangeKind Kind, string Detail);

public enum VmChangeKind
{
    Created,
    Started,
    Stopped,
    Resized,
    Moved,
    Readdressed,
    Destroyed,
}

public sealed record VmChange(string Vm, VmChangeKind Kind, string Detail);

/// <summary>
/// A user's level on one service (Resource empty) or on one object of it, such as a team's Qdrant
/// collection, before and after; Cause says why, in the plan's words ("alice joins data-science").
/// </summary>
public sealed record AccessChange(string Service, string User, string Resource, string? From, string? To, string Cause)
{
    public string Describe()
    {
        var on = Resource.Length == 0 ? string.Empty : $" on {Resource}";
        return (From, To) switch
        {
            (null, { } to) => $"{Cause}: gains {Service} {to}{on}",
            ({ } from, null) => $"{Cause}: loses {Service} {from}{on}",
            _ => $"{Cause}: {Service}{on} {From} → {To}",
        };
    }
}

/// <summary>Load on one Proxmox host after the change, with the difference to before.</summary>
public sealed record HostCapacity(
    string Host,
    int Vms,
    int VmsBefore,
    int Cores,
    int CoresBefore,
    double CoreLimit,
    int MemoryGib,
    int MemoryGibBefore,
    double MemoryLimitGib,
    int Gpus,
    int GpusBefore,
    int GpuLimit)
{
    public bool OverCores => Cores > CoreLimit;

    public bool OverMemory => MemoryGib > MemoryLimitGib;

    public bool OverGpus => Gpus > GpuLimit;
}
