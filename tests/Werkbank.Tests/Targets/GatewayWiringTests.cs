using Werkbank.Output;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets;

/// <summary>
/// The Traefik gateway as docker compose starts it must be the one dynamic.yml was written for: the
/// container reads the rendered static configuration (entry points), the file provider finds
/// dynamic.yml, and every address the routes and forwardAuth name is a container beside Traefik or one
/// of its own entry points. Each file was right on its own while the compose file started Traefik with
/// command-line flags (no loopback entry point for the access routers) and no oauth2-proxy at all.
/// </summary>
public sealed class GatewayWiringTests
{
    public static TheoryData<string> TraefikCases() => new("example", "minimal");

    private static IReadOnlyList<OutputFile> Files(string name) =>
        name == "example" ? TestRender.ExampleFiles() : Render(name);

    private static List<OutputFile> Render(string baseline)
    {
        var build = TestRender.Build(Repo.Path("tests", "Baselines", baseline, "inventory"));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return [.. build.Files];
    }

    [Theory]
    [MemberData(nameof(TraefikCases))]
    public void Should_Start_Traefik_With_The_Static_Configuration_Its_Routes_Need(string inventory)
    {
        var files = Files(inventory);
        var (host, containers) = ServiceRenders.ComposeWith(files, "traefik");
        var traefik = containers["traefik"];
        // Traefik takes its static configuration from flags or from a file, never both: flags would hide traefik.yml.
        Assert.Null(traefik.Get("command"));
        var staticFile = Resolve(files, host, traefik, "/etc/traefik/traefik.yml");
        var staticConfig = ServiceRenders.Yaml(staticFile);
        var entryPoints = staticConfig.Map("entryPoints").Children.ToDictionary(p => p.Key.Text(), p => ((YamlMappingNode)p.Value).Get("address")!.Text(), StringComparer.Ordinal);
        Assert.NotNull(staticConfig.Get("ping")); // the container's healthcheck asks it
        var dynamicPath = staticConfig.Map("providers").Map("file").Get("filename")!.Text();
        var dynamic = ServiceRenders.Yaml(Resolve(files, host, traefik, dynamicPath));

        var routers = dynamic.Map("http").Map("routers").Children;
        Assert.NotEmpty(routers);
        foreach (var (name, router) in routers)
        {
            foreach (var entryPoint in ((YamlMappingNode)router).Strings("entryPoints"))
            {
                Assert.True(entryPoints.ContainsKey(entryPoint), $"router {name.Text()} listens on entry point '{entryPoint}', which traefik.yml does not define");
            }
        }

        var addresses = dynamic.Map("http").Map("services").Children.Values
            .SelectMany(s => ((YamlMappingNode)s).Map("loadBalancer").Get("servers") is YamlSequenceNode servers ? servers.Children.Select(v => ((YamlMappingNode)v).Get("url")!.Text()) : [])
            .Concat(dynamic.Map("http").Map("middlewares").Children.Values
                .Select(m => ((YamlMappingNode)m).Get("forwardAuth") is YamlMappingNode auth ? auth.Get("address")!.Text() : null)
                .OfType<string>())
            .Select(u => new Uri(u))
            .ToList();
        Assert.Contains(addresses, u => u.Host == "oauth2-proxy");
        foreach (var address in addresses)
        {
            if (address.Host == "127.0.0.1")
            {
                // Traefik's own loopback entry point (the access routers).
                Assert.Contains($"127.0.0.1:{address.Port}", entryPoints.Values);
            }
            else if (!address.Host.Contains('.', StringComparison.Ordinal))
            {
                Assert.True(containers.ContainsKey(address.Host), $"dynamic.yml sends requests to '{address}', but no container '{address.Host}' runs beside Traefik on {host}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TraefikCases))]
    public void Should_Run_OAuth2_Proxy_With_Its_Rendered_Configuration_And_Secrets_From_The_Environment(string inventory)
    {
        var files = Files(inventory);
        var (host, containers) = ServiceRenders.ComposeWith(files, "traefik");
        var proxy = containers["oauth2-proxy"];
        var command = ((YamlSequenceNode)proxy.Get("command")!).Children.Select(c => c.Text()).ToList();
        var configPath = command.Single(c => c.StartsWith("--config=", StringComparison.Ordinal))["--config=".Length..];
        var config = Resolve(files, host, proxy, configPath).ContentAsText;
        Assert.Contains("provider = \"keycloak-oidc\"", config, StringComparison.Ordinal);
        Assert.DoesNotContain("${", config, StringComparison.Ordinal); // oauth2-proxy would take a placeholder for the secret itself
        var listens = System.Text.RegularExpressions.Regex.Match(config, @"^http_address = ""[^:""]*:(\d+)""$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(listens.Success, "oauth2-proxy.cfg sets no http_address");
        var dynamic = Resolve(files, host, containers["traefik"], "/etc/traefik/dynamic.yml").ContentAsText;
        Assert.Contains($"http://oauth2-proxy:{listens.Groups[1].Value}/oauth2/auth", dynamic, StringComparison.Ordinal);
        var env = (YamlMappingNode)proxy.Get("environment")!;
        Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", env.Get("OAUTH2_PROXY_CLIENT_SECRET")!.Text());
        Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", env.Get("OAUTH2_PROXY_COOKIE_SECRET")!.Text());
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Mount_Only_Files_And_Folders_The_Render_Writes(string inventory)
    {
        var files = ServiceRenders.Files(inventory);
        foreach (var compose in files.Where(f => f.Path.StartsWith("compose/", StringComparison.Ordinal) && f.Path.EndsWith("/docker-compose.yml", StringComparison.Ordinal)))
        {
            var folder = compose.Path[..compose.Path.LastIndexOf('/')];
            foreach (var (name, service) in ServiceRenders.Yaml(compose).Map("services").Children)
            {
                foreach (var source in Mounts((YamlMappingNode)service).Keys.Where(k => k.StartsWith('.')))
                {
                    var path = OutPath(folder, source);
                    Assert.True(files.Any(f => f.Path == path || f.Path.StartsWith(path + "/", StringComparison.Ordinal)), $"{compose.Path}: {name.Text()} mounts {source}, which the render does not write");
                }
            }
        }
    }

    /// <summary>Bind mounts of a container: host path (relative to its compose file) to container path.</summary>
    private static Dictionary<string, string> Mounts(YamlMappingNode service) =>
        service.Get("volumes") is YamlSequenceNode volumes
            ? volumes.Children.Select(v => v.Text().Split(':')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : [];

    /// <summary>The rendered file a container sees at <paramref name="containerPath"/>, through its bind mounts.</summary>
    /// <summary>The rendered file a container sees at <paramref name="containerPath"/>, through the bind mounts of its compose service.</summary>
    internal static OutputFile Resolve(IEnumerable<OutputFile> files, string composeFolder, YamlMappingNode container, string containerPath)
    {
        foreach (var (source, target) in Mounts(container).Where(m => m.Key.StartsWith('.')))
        {
            var rest = containerPath == target ? string.Empty
                : containerPath.StartsWith(target + "/", StringComparison.Ordinal) ? containerPath[target.Length..] : null;
            if (rest is not null)
            {
                var path = OutPath(composeFolder, source) + rest;
                return files.SingleOrDefault(f => f.Path == path) ?? throw new Xunit.Sdk.XunitException($"{containerPath} is mounted from {path}, which the render does not write");
            }
        }

        throw new Xunit.Sdk.XunitException($"nothing is mounted at {containerPath}");
    }

    /// <summary>A mount source relative to compose/&lt;host&gt;/ as a path in out/.</summary>
    private static string OutPath(string composeFolder, string source)
    {
        var parts = composeFolder.Split('/').ToList();
        foreach (var part in source.Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}
