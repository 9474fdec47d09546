using System.Globalization;
using System.Text;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Dns;
using Werkbank.Targets.Helm;

namespace Werkbank.Targets.Topology;

/// <summary>
/// out/README.md: what the platform is made of (counts), a Mermaid diagram of hosts, the services on
/// them and the users' VMs (one line per VM, inside its Proxmox host), and links to the other outputs.
/// </summary>
public sealed class TopologyTarget : ITarget
{
    public string Name => "topology";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var sources = new List<string> { Source.Platform, Source.Ledger };
        sources.AddRange(model.Hosts.Select(h => Source.Host(h.Name)));
        sources.AddRange(model.Services.Select(s => Source.Service(s.Name)));
        sources.AddRange(model.Users.Select(u => Source.User(u.Name)));
        sources.AddRange(model.Teams.Select(t => Source.Team(t.Name)));
        output.Add(context.Templates.RenderFile("README.md", "topology/README.md.sbn", View(model), sources));
    }

    public static TopologyView View(PlatformModel model)
    {
        var gateway = ServiceEndpoints.GatewayName(model);
        var counts = new List<CountView>
        {
            new("users (active)", Count(model.Users.Count(u => u.State == UserState.Active))),
            new("users (suspended)", Count(model.Users.Count(u => u.State == UserState.Suspended))),
            new("users (removed, kept in the ledger)", Count(model.Users.Count(u => u.State == UserState.Removed))),
            new("user VMs", Count(model.PresentUsers.Count())),
            new("teams", Count(model.Teams.Length)),
            new("roles", Count(model.Roles.Length)),
            new("central services", Count(model.Services.Length)),
        };
        counts.AddRange(Enum.GetValues<HostKind>().Select(k => new CountView($"{k.ToString().ToLowerInvariant()} hosts", Count(model.Hosts.Count(h => h.Kind == k)))));

        var services = model.Services.Select(s => new ServiceRowView(
            Templates.Escape.Markdown(s.Name),
            Templates.Escape.Markdown(s.HostName),
            s.HostKind == HostKind.Kubernetes ? "Helm" : "docker compose",
            $"https://{model.Fqdn(s.Name)}",
            s.Public ? "public" : "login")).ToList();

        var links = new List<LinkView>();
        foreach (var host in model.Hosts.Where(h => h.Kind == HostKind.Docker && model.Services.Any(s => s.HostName == h.Name)))
        {
            links.Add(new($"compose/{host.Name}/docker-compose.yml", $"docker compose of {host.Name}"));
        }

        if (model.Services.Any(s => s.HostKind == HostKind.Kubernetes && HelmCharts.Has(s.Name)))
        {
            links.Add(new("helm/helmfile.yaml", "Helm releases (helmfile)"));
        }

        links.Add(new($"dns/{model.Platform.Domain}.zone", "DNS zone"));
        links.Add(new("dns/dnsmasq.conf", "dnsmasq configuration"));
        links.Add(new($"keycloak/realm-{model.Platform.Realm}.json", "Keycloak realm"));
        links.Add(new(gateway == "kong" ? "kong/kong.yml" : "traefik/dynamic.yml", "gateway routes"));
        links.Add(new("reports/access-matrix.md", "access matrix (who may use what, and why)"));
        links.Add(new("reports/access-matrix.csv", "access matrix as CSV"));
        links.Add(new("manifest.json", "manifest: every file, its hash and sources"));

        return new TopologyView(
            Templates.Escape.Markdown(model.Platform.Name),
            Templates.Escape.Markdown(model.Platform.Domain),
            gateway,
            counts,
            services,
            Mermaid(model, gateway),
            links);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The diagram as text: one subgraph per host, one node per service and per VM, edges from the gateway.</summary>
    private static string Mermaid(PlatformModel model, string gateway)
    {
        var text = new StringBuilder("flowchart LR\n");
        text.Append("  clients([\"users' browsers and editors\"])\n");
        // VMs by host in one pass: hosts grow with the users, so a scan of all users per host was quadratic.
        var vmsByHost = model.PresentUsers.Where(u => u.Allocation is not null).ToLookup(u => u.Allocation!.Host, StringComparer.Ordinal);
        foreach (var host in model.Hosts)
        {
            var address = DnsTarget.AddressOf(host);
            var label = $"{host.Name} ({host.Kind.ToString().ToLowerInvariant()}{(address is null ? string.Empty : ", " + address)})";
            text.Append("  subgraph ").Append(Id("h", host.Name)).Append("[\"").Append(Label(label)).Append("\"]\n");
            foreach (var service in model.Services.Where(s => s.HostName == host.Name))
            {
                text.Append("    ").Append(Id("s", service.Name)).Append("[\"").Append(Label(service.Name)).Append("\"]\n");
            }

            foreach (var user in vmsByHost[host.Name])
            {
                var vm = user.State == UserState.Suspended ? $"{user.VmName} (suspended)" : user.VmName;
                text.Append("    ").Append(Id("v", user.Name)).Append("[\"").Append(Label(vm)).Append("\"]\n");
            }

            text.Append("  end\n");
        }

        if (model.HasService(gateway))
        {
            text.Append("  clients --> ").Append(Id("s", gateway)).Append('\n');
            foreach (var service in model.Services.Where(s => s.Name != gateway))
            {
                text.Append("  ").Append(Id("s", gateway)).Append(" --> ").Append(Id("s", service.Name)).Append('\n');
            }
        }

        foreach (var host in model.Hosts.Where(h => h.Kind == HostKind.Proxmox && vmsByHost.Contains(h.Name)))
        {
            text.Append("  clients --> ").Append(Id("h", host.Name)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A Mermaid node id: a prefix and the name with '-' as '_' (names are slugs, so ids are unique).</summary>
    private static string Id(string prefix, string name) => $"{prefix}_{name.Replace('-', '_')}";

    /// <summary>Text inside a quoted Mermaid label: quotes and markup characters as Mermaid entity codes.</summary>
    public static string Label(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("#quot;"),
                '<' => builder.Append("#lt;"),
                '>' => builder.Append("#gt;"),
                '#' => builder.Append("#35;"),
                '&' => builder.Append("#amp;"),
                '`' => builder.Append("#96;"),
                _ when char.IsControl(c) => builder.Append(' '),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}

public sealed record CountView(string What, string Count);

public sealed record ServiceRowView(string Name, string Host, string Runtime, string Url, string Access);

public sealed record LinkView(string Path, string Title);

public sealed record TopologyView(
    string Platform,
    string Domain,
    string Gateway,
    IReadOnlyList<CountView> Counts,
    IReadOnlyList<ServiceRowView> Services,
    string Diagram,
    IReadOnlyList<LinkView> Links);
