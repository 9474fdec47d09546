using System.Collections.Immutable;
using Werkbank.Diagnostics;

namespace Werkbank.Model;

/// <summary>
/// Stage 3, the effective model every target renders from. Targets never see YAML: everything they
/// need is resolved here once, with a link back to the inventory line it came from.
/// All collections are sorted by name (ordinal), so that iteration order is deterministic.
/// </summary>
public sealed record PlatformModel(
    PlatformSettings Platform,
    ImmutableArray<HostModel> Hosts,
    ImmutableArray<ServiceModel> Services,
    ImmutableArray<RoleModel> Roles,
    ImmutableArray<TeamModel> Teams,
    ImmutableArray<UserModel> Users)
{
    private readonly Lazy<ImmutableDictionary<string, HostModel>> hostsByName = new(() => Hosts.ToImmutableDictionary(h => h.Name, StringComparer.Ordinal));
    private readonly Lazy<ImmutableDictionary<string, ServiceModel>> servicesByName = new(() => Services.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal));
    private readonly Lazy<ImmutableDictionary<string, RoleModel>> rolesByName = new(() => Roles.ToImmutableDictionary(r => r.Name, StringComparer.Ordinal));
    private readonly Lazy<ImmutableDictionary<string, TeamModel>> teamsByName = new(() => Teams.ToImmutableDictionary(t => t.Name, StringComparer.Ordinal));
    private readonly Lazy<ImmutableDictionary<string, UserModel>> usersByName = new(() => Users.ToImmutableDictionary(u => u.Name, StringComparer.Ordinal));

    public HostModel Host(string name) => hostsByName.Value[name];

    public ServiceModel? Service(string name) => servicesByName.Value.GetValueOrDefault(name);

    public RoleModel Role(string name) => rolesByName.Value[name];

    public TeamModel Team(string name) => teamsByName.Value[name];

    public UserModel? User(string name) => usersByName.Value.GetValueOrDefault(name);

    public bool HasService(string name) => servicesByName.Value.ContainsKey(name);

    /// <summary>Users who exist on the systems: active and suspended (removed users are gone everywhere but the ledger).</summary>
    public IEnumerable<UserModel> PresentUsers => Users.Where(u => u.State != UserState.Removed);

    public IEnumerable<UserModel> ActiveUsers => Users.Where(u => u.State == UserState.Active);

    /// <summary>The DNS name of a service, VM or host.</summary>
    public string Fqdn(string label) => $"{label}.{Platform.Domain}";
}

public sealed record PlatformSettings(
    string Name,
    string Domain,
    string Realm,
    string Timezone,
    string Locale,
    GatewayKind Gateway,
    NetworkSettings Network,
    string VmTemplate,
    ImmutableSortedDictionary<string, Flavor> Flavors,
    QdrantSettings Qdrant,
    string SecretsProvider,
    SourceSpan Source);

public enum GatewayKind
{
    Traefik,
    Kong,
}

public sealed record NetworkSettings(string VmCidr, string Gateway, ImmutableArray<string> Dns, string Bridge, int? Vlan)
{
    public int PrefixLength => int.Parse(VmCidr[(VmCidr.IndexOf('/', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record Flavor(string Name, int Cores, int MemoryGib, int DiskGib);

public sealed record QdrantSettings(string Tenancy, int VectorSize, string Distance);
