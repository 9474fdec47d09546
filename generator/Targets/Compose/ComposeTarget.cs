using System.Text;
using System.Text.RegularExpressions;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Compose;

/// <summary>
/// out/compose/&lt;host&gt;/docker-compose.yml and .env.example for every docker host with services on it.
/// Only the gateway publishes ports (80/443). A docker host without the gateway gets a relay (the
/// gateway's image, port 80 on the host's own address) that routes by Host header to its containers,
/// so the central gateway can reach them (<see cref="ServiceEndpoints.UpstreamUrl"/>).
/// Written for docker-compose 1.29 too: version "3.8", no top-level name, no start_interval.
/// </summary>
public sealed partial class ComposeTarget : ITarget
{
    /// <summary>The relay container on docker hosts that do not run the gateway.</summary>
    public const string RelayName = "gateway-relay";

    [GeneratedRegex(@"\$\{([A-Z][A-Z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    public string Name => "compose";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        foreach (var host in model.Hosts.Where(h => h.Kind == HostKind.Docker))
        {
            var placed = model.Services.Where(s => s.HostName == host.Name).ToList();
            if (placed.Count == 0)
            {
                continue;
            }

            var containers = placed.SelectMany(s => Recipes.For(new ComposeContext(model, s, host))).ToList();
            var gateway = ServiceEndpoints.GatewayName(model);
            if (!placed.Any(s => s.Name == gateway))
            {
                containers.Add(Relay(model, host));
            }

            var sources = placed.Select(s => Source.Service(s.Name)).Append(Source.Host(host.Name)).Append(Source.Platform).ToList();
            output.Add(OutputFile.Text($"compose/{host.Name}/docker-compose.yml", Compose(model, host, placed, containers), sources));
            output.Add(OutputFile.Text($"compose/{host.Name}/.env.example", EnvExample(host, containers), sources));
        }
    }

    private static Container Relay(PlatformModel model, HostModel host)
    {
        var relay = new Container(RelayName, ServiceImages.ImageOf("traefik", model.Service("traefik")?.Version))
        {
            Command =
            [
                "--providers.docker=true",
                "--providers.docker.exposedbydefault=false",
                "--entrypoints.web.address=:80",
                "--ping=true",
                "--global.sendanonymoususage=false",
            ],
            Healthcheck = Recipes.TraefikHealthcheck,
        }.Limits(1.0, 512);
        relay.Ports.Add($"{host.Address}:80:80");
        relay.Files["/var/run/docker.sock"] = "/var/run/docker.sock";
        return relay;
    }

    private static string Compose(PlatformModel model, HostModel host, List<ServiceModel> placed, List<Container> containers)
    {
        var services = YamlText.Map();
        var volumes = YamlText.Map();
        var relayed = containers.Any(c => c.Name == RelayName);
        foreach (var container in containers.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (relayed && placed.Any(s => s.Name == container.Name) && ServiceImages.Has(container.Name))
            {
                var port = ServiceEndpoints.PortOf(container.Name);
                container.Labels["traefik.enable"] = "true";
                container.Labels[$"traefik.http.routers.{container.Name}.entrypoints"] = "web";
                container.Labels[$"traefik.http.routers.{container.Name}.rule"] = $"Host(`{model.Fqdn(container.Name)}`)";
                container.Labels[$"traefik.http.services.{container.Name}.loadbalancer.server.port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            services[container.Name] = container.ToYaml();
            foreach (var volume in container.Volumes.Keys)
            {
                volumes[volume] = YamlText.Map();
            }
        }

        var sortedVolumes = YamlText.Map();
        foreach (var name in volumes.Keys.Order(StringComparer.Ordinal))
        {
            sortedVolumes[name] = YamlText.Map();
        }

        var compose = YamlText.Map();
        compose["version"] = "3.8";
        compose["services"] = services;
        if (sortedVolumes.Count > 0)
        {
            compose["volumes"] = sortedVolumes;
        }

        var header = new StringBuilder();
        header.Append("# Central services on ").Append(host.Name).Append(", rendered by Werkbank from services.yaml. Do not edit.\n");
        header.Append("# Applied by apply:compose (.ci/deploy-compose). By hand: cp .env.example .env, fill in every value and\n");
        header.Append("# the placeholders of the mounted files, then (the project name CI uses, so both meet the same volumes)\n");
        header.Append("#   docker compose --project-name werkbank up -d\n");
        header.Append("# Only the gateway publishes ports; every other container is reached through it.\n");
        foreach (var note in placed.Select(s => Recipes.LoginNote(s.Name)).OfType<string>())
        {
            header.Append("# ").Append(note).Append('\n');
        }

        return YamlText.Serialize(compose, header.ToString());
    }

    /// <summary>Every ${NAME} the host's compose file uses, with the containers that use it.</summary>
    private static string EnvExample(HostModel host, List<Container> containers)
    {
        var users = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            var text = YamlText.Serialize(container.ToYaml());
            foreach (Match match in Placeholder().Matches(text))
            {
                if (!users.TryGetValue(match.Groups[1].Value, out var set))
                {
                    users[match.Groups[1].Value] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(container.Name);
            }
        }

        var lines = new StringBuilder();
        lines.Append("# Secrets for the compose file of ").Append(host.Name).Append(", rendered by Werkbank.\n");
        lines.Append("# CI fills these from its variables of the same names; never commit real values.\n");
        lines.Append("# Values used inside URLs (passwords) must be URL-safe: letters and digits.\n");
        foreach (var (name, set) in users)
        {
            lines.Append('\n').Append("# used by: ").Append(string.Join(", ", set)).Append('\n');
            lines.Append(name).Append("=\n");
        }

        return lines.ToString();
    }
}
