using k8s.Models;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Dns;

namespace Werkbank.Targets.Kubernetes;

/// <summary>
/// out/k8s/&lt;team&gt;.yaml when the platform has a Kubernetes host: the team's namespace, a
/// ResourceQuota that grows with its active members (and a LimitRange with default container
/// limits, which such a quota requires), a default-deny NetworkPolicy, and the
/// allowances a team's workloads need (their own namespace, cluster DNS, the central services its
/// members may use in the services namespace, the gateway for services on docker hosts).
/// Built with KubernetesClient's models and written as its KubernetesYaml writes them (<see cref="ManifestYaml"/>).
/// </summary>
public sealed class TeamNamespacesTarget : ITarget
{
    private const string ManagedBy = "app.kubernetes.io/managed-by";

    public string Name => "k8s";

    /// <summary>The namespace of a team: team-&lt;team&gt; (a team name alone could clash with kube-system and friends).</summary>
    public static string NamespaceOf(string team) => $"team-{team}";

    /// <summary>The namespace the Helm releases of central services go into: the platform's name.</summary>
    public static string ServicesNamespace(PlatformModel model) => model.Platform.Name;

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (!model.Hosts.Any(h => h.Kind == HostKind.Kubernetes))
        {
            return;
        }

        Parallel.ForEach(model.Teams, context.ParallelOptions, team =>
        {
            var objects = Objects(model, team);
            var text = "# Namespace of team " + team.Name + ", rendered by Werkbank. Do not edit.\n" + ManifestYaml.SerializeAll(objects);
            // The quota grows with the team's members, so each member is a source of the file. Serialized:
            // YamlDotNet's emitter wrote all of it but the comment line, so the parse-back skips it.
            output.Add(OutputFile.Serialized($"k8s/{team.Name}.yaml", text, [Source.Team(team.Name), Source.Platform, .. team.Members.Select(Source.User)]));
        });
    }

    public static IReadOnlyList<object> Objects(PlatformModel model, TeamModel team)
    {
        var ns = NamespaceOf(team.Name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ManagedBy] = "werkbank", ["werkbank/team"] = team.Name };
        var members = Math.Max(1, team.Members.Count(m => model.User(m)?.State == UserState.Active));
        var objects = new List<object>
        {
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns, Labels = labels } },
            new V1ResourceQuota
            {
                ApiVersion = "v1",
                Kind = "ResourceQuota",
                Metadata = Meta("team-quota", ns, labels),
                Spec = new V1ResourceQuotaSpec
                {
                    Hard = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
                    {
                        ["limits.cpu"] = new($"{4 * members}"),
                        ["limits.memory"] = new($"{8 * members}Gi"),
                        ["persistentvolumeclaims"] = new($"{5 * members}"),
                        ["pods"] = new($"{10 * members}"),
                        ["requests.cpu"] = new($"{2 * members}"),
                        ["requests.memory"] = new($"{4 * members}Gi"),
                        ["requests.storage"] = new($"{50 * members}Gi"),
                    },
                },
            },
            // The quota limits CPU and memory, so every container needs limits: these are the defaults.
            new V1LimitRange
            {
                ApiVersion = "v1",
                Kind = "LimitRange",
                Metadata = Meta("team-defaults", ns, labels),
                Spec = new V1LimitRangeSpec
                {
                    Limits =
                    [
                        new V1LimitRangeItem
                        {
                            Type = "Container",
                            DefaultProperty = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new("1"), ["memory"] = new("2Gi") },
                            DefaultRequest = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new("250m"), ["memory"] = new("512Mi") },
                        },
                    ],
                },
            },
            Policy("default-deny", ns, labels, new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress", "Egress"] }),
            Policy("allow-same-namespace", ns, labels, new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                PolicyTypes = ["Ingress", "Egress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
                Egress = [new V1NetworkPolicyEgressRule { To = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector() }] }],
            }),
            Egress("allow-dns", ns, labels,
                new V1NetworkPolicyPeer { NamespaceSelector = Select("kubernetes.io/metadata.name", "kube-system"), PodSelector = Select("k8s-app", "kube-dns") },
                [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }]),
        };

        // Central services on Kubernetes that at least one member may use (access other than none).
        var used = model.Services
            .Where(s => !ServiceCatalog.IsInfrastructure(s.Name))
            .Where(s => team.Members.Select(model.User).Any(u => u is { State: UserState.Active } && u.LevelFor(s.Name) != AccessLevel.None))
            .ToList();
        var inCluster = used.Where(s => s.HostKind == HostKind.Kubernetes).Select(s => s.Name).ToList();
        if (inCluster.Count > 0)
        {
            objects.Add(Egress("allow-central-services", ns, labels, new V1NetworkPolicyPeer
            {
                NamespaceSelector = Select("kubernetes.io/metadata.name", ServicesNamespace(model)),
                PodSelector = new V1LabelSelector
                {
                    MatchExpressions = [new V1LabelSelectorRequirement { Key = "app.kubernetes.io/name", OperatorProperty = "In", Values = inCluster }],
                },
            }));
        }

        var gateway = model.Service(ServiceEndpoints.GatewayName(model));
        if (gateway is not null && used.Any(s => s.HostKind == HostKind.Docker) && DnsTarget.AddressOf(model.Host(gateway.HostName)) is { } address)
        {
            objects.Add(Egress("allow-gateway", ns, labels, new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = $"{address}/32" } },
                [new V1NetworkPolicyPort { Protocol = "TCP", Port = 443 }]));
        }

        return objects;
    }

    private static V1ObjectMeta Meta(string name, string ns, Dictionary<string, string> labels) =>
        new() { Name = name, NamespaceProperty = ns, Labels = labels };

    private static V1NetworkPolicy Policy(string name, string ns, Dictionary<string, string> labels, V1NetworkPolicySpec spec) =>
        new() { ApiVersion = "networking.k8s.io/v1", Kind = "NetworkPolicy", Metadata = Meta(name, ns, labels), Spec = spec };

    /// <summary>A policy that lets every pod of the namespace reach one peer (on some ports, or all).</summary>
    private static V1NetworkPolicy Egress(string name, string ns, Dictionary<string, string> labels, V1NetworkPolicyPeer peer, IList<V1NetworkPolicyPort>? ports = null) =>
        Policy(name, ns, labels, new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector(),
            PolicyTypes = ["Egress"],
            Egress = [new V1NetworkPolicyEgressRule { To = [peer], Ports = ports }],
        });

    private static V1LabelSelector Select(string key, string value) =>
        new() { MatchLabels = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value } };
}
