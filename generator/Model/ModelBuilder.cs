using System.Collections.Immutable;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;

namespace Werkbank.Model;

/// <summary>
/// Resolves a validated inventory into the effective model: defaults applied, references replaced by
/// the objects they name, each user's access computed from their role with the line that grants it.
/// Only called when validation found no errors, so lookups here may assume that references resolve.
/// </summary>
public static class ModelBuilder
{
    public static PlatformModel Build(InventorySet set)
    {
        var platform = BuildPlatform(set.Platform!);
        var hosts = set.Hosts.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => BuildHost(h.Key, h.Value)).ToImmutableArray();
        var hostKinds = hosts.ToDictionary(h => h.Name, h => h.Kind, StringComparer.Ordinal);
        var services = set.Services.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => BuildService(s.Key, s.Value, hostKinds[s.Value.On])).ToImmutableArray();
        var deployed = services.Select(s => s.Name).Where(s => !ServiceCatalog.IsInfrastructure(s)).ToImmutableArray();
        var roles = set.Roles.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => BuildRole(r.Key, r.Value, platform, deployed, set.Services)).ToImmutableArray();
        var rolesByName = roles.ToDictionary(r => r.Name, StringComparer.Ordinal);
        // Users are independent of each other: built in parallel, kept in name order.
        var documents = set.Users.ToArray();
        var built = new UserModel[documents.Length];
        // A user has exactly the access of their role ("none" grants nothing and is dropped): one
        // immutable map per role, shared by its users, instead of a copy per user.
        var accessByRole = roles.ToDictionary(
            r => r.Name,
            r => r.Access.Where(a => a.Value.Level != AccessLevel.None).ToImmutableSortedDictionary(StringComparer.Ordinal),
            StringComparer.Ordinal);
        Parallel.For(0, documents.Length, i =>
        {
            var role = documents[i].Value.Role;
            built[i] = BuildUser(documents[i].Key, documents[i].Value, rolesByName[role], accessByRole[role], platform);
        });
        var users = ImmutableArray.Create(built);
        var membersByTeam = users.Where(u => u.State != UserState.Removed)
            .SelectMany(u => u.Teams.Select(t => (Team: t, User: u.Name)))
            .ToLookup(m => m.Team, m => m.User, StringComparer.Ordinal);
        var teams = set.Teams.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => BuildTeam(t.Key, t.Value, [.. membersByTeam[t.Key]], platform)).ToImmutableArray();
        return new PlatformModel(platform, hosts, services, roles, teams, users);
    }

    private static PlatformSettings BuildPlatform(PlatformDocument doc)
    {
        var flavors = doc.Flavors.ToImmutableSortedDictionary(
            f => f.Key, f => new Flavor(f.Key, f.Value.Cores, f.Value.MemoryGib, f.Value.DiskGib), StringComparer.Ordinal);
        var network = new NetworkSettings(doc.Network.VmCidr, doc.Network.Gateway, [.. doc.Network.Dns], doc.Network.Bridge, doc.Network.Vlan);
        return new PlatformSettings(
            doc.Name,
            doc.Domain,
            doc.Realm ?? doc.Name,
            doc.Timezone ?? "UTC",
            doc.Locale ?? "en_US.UTF-8",
            doc.Gateway == "kong" ? GatewayKind.Kong : GatewayKind.Traefik,
            network,
            doc.VmTemplate,
            flavors,
            new QdrantSettings(doc.Qdrant.Tenancy, doc.Qdrant.VectorSize, doc.Qdrant.Distance),
            doc.Secrets.Provider,
            doc.Span)
        {
            InternalCa = doc.Tls.CaCertificate is { } pem ? [.. PemBlock.Split(pem.Replace("\r\n", "\n", StringComparison.Ordinal)).Blocks.Select(b => b.Text)] : [],
        };
    }

    private static HostModel BuildHost(string name, HostDocument doc) => new(
        name,
        doc.Kind switch { "proxmox" => HostKind.Proxmox, "docker" => HostKind.Docker, _ => HostKind.Kubernetes },
        doc.Address,
        doc.Cores ?? 0,
        doc.MemoryGib ?? 0,
        doc.Storage ?? "local-lvm",
        doc.Overcommit?.Cpu ?? 1.0,
        doc.Overcommit?.Memory ?? 1.0,
        [.. doc.Gpus.Select(g => new Gpu(g.Pci, g.Model))],
        doc.Api,
        doc.Context,
        doc.Span);

    private static ServiceModel BuildService(string name, ServiceDocument doc, HostKind hostKind) => new(
        name, doc.On, hostKind, doc.Version, doc.Replicas ?? 1, doc.Gpus ?? 0, [.. doc.Models], doc.Public, doc.Span);

    private static RoleModel BuildRole(string name, RoleDocument doc, PlatformSettings platform, ImmutableArray<string> deployed,
        IReadOnlyDictionary<string, ServiceDocument> services)
    {
        var flavor = doc.Flavor is { } f ? platform.Flavors[f] : platform.Flavors.Values.First();
        var access = ImmutableSortedDictionary.CreateBuilder<string, AccessGrant>(StringComparer.Ordinal);
        foreach (var service in deployed)
        {
            if (doc.Access.TryGetValue(service, out var level))
            {
                access[service] = new AccessGrant(ParseLevel(level), doc.SpanOfEntry("access", service), $"role {name}: access.{service}");
            }
            else if (doc.Access.TryGetValue("*", out var wildcard))
            {
                access[service] = new AccessGrant(ParseLevel(wildcard), doc.SpanOfEntry("access", "*"), $"role {name}: access.\"*\"");
            }
            else if (service == ServiceCatalog.VmDoor)
            {
                // Guacamole is every user's door to their own VM: a role that does not mention it grants "user".
                access[service] = new AccessGrant(AccessLevel.User, services[service].Span, $"services.yaml: {service} (every role reaches its own VM unless it says none)");
            }
        }

        return new RoleModel(
            name,
            doc.Description ?? string.Empty,
            flavor,
            doc.Gpu,
            [.. doc.Local.Order(StringComparer.Ordinal)],
            access.ToImmutable(),
            doc.RateLimits.ToImmutableSortedDictionary(StringComparer.Ordinal),
            doc.Span);
    }

    public static AccessLevel ParseLevel(string level) => level switch
    {
        "admin" => AccessLevel.Admin,
        "editor" => AccessLevel.Editor,
        "user" => AccessLevel.User,
        _ => AccessLevel.None,
    };

    private static UserModel BuildUser(string name, UserDocument doc, RoleModel role, ImmutableSortedDictionary<string, AccessGrant> roleAccess, PlatformSettings platform)
    {
        var state = doc.State switch { "suspended" => UserState.Suspended, "removed" => UserState.Removed, _ => UserState.Active };
        var flavor = doc.Vm?.Flavor is { } f ? platform.Flavors[f] : role.DefaultFlavor;
        var local = doc.Local is { } chosen ? chosen.Order(StringComparer.Ordinal).ToImmutableArray() : role.Local;

        var access = state == UserState.Removed ? NoAccess : roleAccess;
        return new UserModel(
            name,
            doc.FullName,
            doc.Email,
            role.Name,
            [.. doc.Teams.Order(StringComparer.Ordinal)],
            [.. doc.SshKeys],
            flavor,
            doc.Vm?.Gpus ?? 0,
            doc.Vm?.Host,
            local,
            state,
            access,
            doc.Span);
    }

    private static readonly ImmutableSortedDictionary<string, AccessGrant> NoAccess =
        ImmutableSortedDictionary<string, AccessGrant>.Empty.WithComparers(StringComparer.Ordinal);

    private static TeamModel BuildTeam(string name, TeamDocument doc, ImmutableArray<string> members, PlatformSettings platform)
    {
        return new TeamModel(
            name,
            doc.Description ?? string.Empty,
            [.. doc.Leads.Order(StringComparer.Ordinal)],
            members,
            [.. (doc.Qdrant?.Collections ?? []).Order(StringComparer.Ordinal)],
            doc.Qdrant?.VectorSize ?? platform.Qdrant.VectorSize,
            [.. (doc.N8n?.Workflows ?? []).Order(StringComparer.Ordinal)],
            doc.Gitlab?.Group ?? name,
            doc.Span);
    }
}
