using Werkbank.Targets.Capacity;
using Werkbank.Targets.CloudInit;
using Werkbank.Targets.Proxmox;
using Werkbank.Targets.Compose;
using Werkbank.Targets.Dns;
using Werkbank.Targets.Helm;
using Werkbank.Targets.Kubernetes;
using Werkbank.Targets.Topology;
using Werkbank.Targets.N8n;
using Werkbank.Targets.Qdrant;
using Werkbank.Targets.Supabase;
using Werkbank.Targets.AccessMatrix;
using Werkbank.Targets.GitLab;
using Werkbank.Targets.Guacamole;
using Werkbank.Targets.Keycloak;
using Werkbank.Targets.Kong;
using Werkbank.Targets.Tls;
using Werkbank.Targets.Traefik;

namespace Werkbank.Targets;

/// <summary>Every target the generator renders, in one visible list. Order does not matter: output is sorted by path.</summary>
public static class TargetRegistry
{
    public static IReadOnlyList<ITarget> All { get; } =
    [
        new CloudInitTarget(),
        new ProxmoxTarget(),
        new CapacityTarget(),
        new ComposeTarget(),
        new DnsTarget(),
        new TeamNamespacesTarget(),
        new HelmTarget(),
        new TopologyTarget(),
        new N8nTarget(),
        new QdrantTarget(),
        new SupabaseTarget(),
        new KeycloakTarget(),
        new TraefikTarget(),
        new KongTarget(),
        new TlsTarget(),
        new GuacamoleTarget(),
        new GitLabPlanTarget(),
        new AccessMatrixTarget(),
    ];
}
