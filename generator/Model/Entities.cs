using System.Collections.Immutable;
using Werkbank.Diagnostics;

namespace Werkbank.Model;

public enum HostKind
{
    Proxmox,
    Docker,
    Kubernetes,
}

public sealed record Gpu(string Pci, string Model);

public sealed record HostModel(
    string Name,
    HostKind Kind,
    string? Address,
    int Cores,
    int MemoryGib,
    string Storage,
    double CpuOvercommit,
    double MemoryOvercommit,
    ImmutableArray<Gpu> Gpus,
    string? Api,
    string? Context,
    SourceSpan Source);

public sealed record ServiceModel(
    string Name,
    string HostName,
    HostKind HostKind,
    string? Version,
    int Replicas,
    int Gpus,
    ImmutableArray<string> Models,
    bool Public,
    SourceSpan Source);

public enum AccessLevel
{
    None,
    User,
    Editor,
    Admin,
}

/// <summary>A level with the inventory line that grants it (the role's access entry, or its "*").</summary>
public sealed record AccessGrant(AccessLevel Level, SourceSpan GrantedBy, string Reason);

public sealed record RoleModel(
    string Name,
    string Description,
    Flavor DefaultFlavor,
    bool AllowsGpu,
    ImmutableArray<string> Local,
    ImmutableSortedDictionary<string, AccessGrant> Access,
    ImmutableSortedDictionary<string, int> RateLimits,
    SourceSpan Source)
{
    /// <summary>Requests per minute at the gateway for one service: its own limit, else the role's default, else null (unlimited).</summary>
    public int? RateLimitFor(string service) =>
        RateLimits.TryGetValue(service, out var limit) ? limit : RateLimits.TryGetValue("default", out var fallback) ? fallback : null;
}

public sealed record TeamModel(
    string Name,
    string Description,
    ImmutableArray<string> Leads,
    ImmutableArray<string> Members,
    ImmutableArray<string> Collections,
    int VectorSize,
    ImmutableArray<string> Workflows,
    string GitlabGroup,
    SourceSpan Source);

public enum UserState
{
    Active,
    Suspended,
    Removed,
}

/// <summary>Where a user's VM runs: pinned by the allocation ledger so that adding a user never moves another.</summary>
public sealed record VmAllocation(int VmId, string Address, string Host, ImmutableArray<string> GpuPcis);

/// <summary>The ledger entry of a removed user: the VM is to be destroyed, its id and address are never reused.</summary>
public sealed record VmTombstone(string User, VmAllocation Allocation)
{
    public string VmName => $"{User}-ws";
}

public sealed record UserModel(
    string Name,
    string FullName,
    string Email,
    string Role,
    ImmutableArray<string> Teams,
    ImmutableArray<string> SshKeys,
    Flavor Flavor,
    int Gpus,
    string? HostPin,
    ImmutableArray<string> Local,
    UserState State,
    ImmutableSortedDictionary<string, AccessGrant> Access,
    SourceSpan Source)
{
    /// <summary>Filled by the allocation stage; null only before it ran.</summary>
    public VmAllocation? Allocation { get; init; }

    public string VmName => $"{Name}-ws";

    public AccessLevel LevelFor(string service) => Access.TryGetValue(service, out var grant) ? grant.Level : AccessLevel.None;

    /// <summary>Admin access to anything makes the user a sudoer in their VM.</summary>
    public bool IsAdmin => Access.Values.Any(a => a.Level == AccessLevel.Admin);

    public bool HasLocal(string service) => Local.Contains(service, StringComparer.Ordinal);
}
