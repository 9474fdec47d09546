using Werkbank.Model;
using Werkbank.Targets.Compose;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.Compose;

public sealed class ComposeTargetTests
{
    private static readonly string[] Gateways = ["traefik", "kong", ComposeTarget.RelayName];
    private static readonly string[] RestartPolicies = ["unless-stopped", "no"];
    private static readonly string[] LangfuseSidecars = ["langfuse-db", "langfuse-redis", "langfuse-clickhouse", "langfuse-minio", "langfuse-worker"];

    private static IEnumerable<(string Host, YamlMappingNode Services)> ComposeFiles(string inventory) =>
        ServiceRenders.Matching(inventory, "compose/", "/docker-compose.yml")
            .Select(f => (f.Path.Split('/')[1], ServiceRenders.Yaml(f).Map("services")));

    private static IEnumerable<(string Name, YamlMappingNode Service)> Containers(string inventory) =>
        ComposeFiles(inventory).SelectMany(c => c.Services.Children.Select(p => (p.Key.Text(), (YamlMappingNode)p.Value)));

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Pass_Docker_Compose_Config_With_Every_Variable_Listed(string inventory)
    {
        var compose = ExternalTool.Require("docker-compose", "apt-get install docker-compose");
        var files = ServiceRenders.Matching(inventory, "compose/", string.Empty).ToList();
        Assert.NotEmpty(files);
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, files);
        foreach (var folder in files.Select(f => Path.GetDirectoryName(f.Path)!).Distinct())
        {
            var directory = temp.Combine(folder);
            // .env.example with every value filled in, as CI does: no variable may be left unset.
            var env = File.ReadAllLines(Path.Combine(directory, ".env.example")).Select(l => l.EndsWith('=') ? l + "x" : l);
            File.WriteAllLines(Path.Combine(directory, ".env"), env);
            var result = ExternalTool.Run(compose, ["-f", "docker-compose.yml", "config", "-q"], directory);
            Assert.True(result.ExitCode == 0, $"{folder}: {result.Output}");
            Assert.DoesNotContain("is not set", result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Publish_Ports_Only_On_The_Gateway(string inventory)
    {
        foreach (var (name, service) in Containers(inventory))
        {
            if (service.Get("ports") is YamlSequenceNode ports)
            {
                Assert.Contains(name, Gateways);
                if (name == ComposeTarget.RelayName)
                {
                    // The relay listens on its host's own address, port 80, for the central gateway only.
                    Assert.All(ports.Children, p => Assert.Matches(@"^\d+\.\d+\.\d+\.\d+:80:80$", p.Text()));
                }
                else
                {
                    Assert.Equal(["443", "80"], ports.Children.Select(p => p.Text().Split(':')[0]).Order(StringComparer.Ordinal));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Pin_Every_Image_And_Never_Use_Latest(string inventory)
    {
        foreach (var (name, service) in Containers(inventory))
        {
            var image = service.Get("image")!.Text();
            var tag = image[(image.LastIndexOf(':') + 1)..];
            Assert.True(image.LastIndexOf(':') > image.LastIndexOf('/'), $"{name}: image {image} has no tag");
            Assert.NotEqual("latest", tag);
            Assert.DoesNotContain("latest", tag, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Should_Pin_Every_Default_Image()
    {
        Assert.All(ServiceImages.All, pair => Assert.Matches(@"^[a-z0-9.\-/_]+:[A-Za-z0-9._\-]+$", pair.Value));
        Assert.All(ServiceImages.All, pair => Assert.DoesNotContain(":latest", pair.Value, StringComparison.Ordinal));
        Assert.All(ServiceCatalog.All, service => Assert.True(ServiceImages.Has(service), $"{service} has no pinned image"));
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Give_Every_Long_Running_Container_A_Healthcheck_Restart_Policy_And_Limits(string inventory)
    {
        foreach (var (name, service) in Containers(inventory))
        {
            var restart = service.Get("restart")!.Text();
            Assert.Contains(restart, RestartPolicies);
            Assert.NotNull(service.Map("deploy").Map("resources").Map("limits").Get("memory"));
            // One-shot jobs and PostgREST (a static binary without a shell) cannot probe themselves.
            if (restart != "no" && name != "supabase-rest")
            {
                Assert.True(service.Get("healthcheck") is YamlMappingNode, $"{name} has no healthcheck");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Keep_Secrets_As_Placeholders(string inventory)
    {
        foreach (var (_, service) in Containers(inventory))
        {
            if (service.Get("environment") is not YamlMappingNode environment)
            {
                continue;
            }

            foreach (var (key, value) in environment.Children.Select(p => (p.Key.Text(), p.Value.Text())))
            {
                if ((key.Contains("PASSWORD", StringComparison.Ordinal) || key.Contains("SECRET", StringComparison.Ordinal) || key.EndsWith("_KEY", StringComparison.Ordinal))
                    && !key.EndsWith("_ID", StringComparison.Ordinal) && !key.EndsWith("ACCESS_KEY", StringComparison.Ordinal) && !key.EndsWith("_PATH", StringComparison.Ordinal) && value is not ("true" or "false"))
                {
                    Assert.Matches(@"^\$\{[A-Z0-9_]+\}$", value);
                }
            }
        }
    }

    [Theory]
    [InlineData("example", "gpu-01", 2)]
    [InlineData("services-docker", "gpu-01", 1)]
    public void Should_Reserve_The_Gpus_And_Pull_The_Models_Of_Ollama(string inventory, string host, int gpus)
    {
        var services = ComposeFiles(inventory).Single(c => c.Host == host).Services;
        var device = (YamlMappingNode)((YamlSequenceNode)services.Map("ollama").Map("deploy").Map("resources").Map("reservations").Get("devices")!).Children[0];
        Assert.Equal("nvidia", device.Get("driver")!.Text());
        Assert.Equal(gpus.ToString(System.Globalization.CultureInfo.InvariantCulture), device.Get("count")!.Text());
        Assert.Equal("gpu", ((YamlSequenceNode)device.Get("capabilities")!).Children.Single().Text());
        var pull = services.Map("ollama-models");
        Assert.Equal("no", pull.Get("restart")!.Text());
        var script = ((YamlSequenceNode)pull.Get("command")!).Children.Single().Text();
        Assert.Contains("ollama pull 'llama3.1:8b'", script, StringComparison.Ordinal);
        Assert.Contains("ollama pull 'nomic-embed-text'", script, StringComparison.Ordinal);
        Assert.Equal("service_healthy", pull.Map("depends_on").Map("ollama").Get("condition")!.Text());
    }

    [Fact]
    public void Should_Point_Every_Login_At_The_Realm_Of_Keycloak()
    {
        var services = ComposeFiles("services-docker").Single(c => c.Host == "svc-01").Services;
        const string issuer = "https://keycloak.dock.internal/realms/dock";
        string Env(string container, string key) => services.Map(container).Map("environment").Get(key)!.Text();
        Assert.Equal(issuer + "/.well-known/openid-configuration", Env("open-webui", "OPENID_PROVIDER_URL"));
        Assert.Equal("${KEYCLOAK_CLIENT_SECRET_OPEN_WEBUI}", Env("open-webui", "OAUTH_CLIENT_SECRET"));
        Assert.Equal(issuer, Env("langfuse", "AUTH_KEYCLOAK_ISSUER"));
        Assert.Equal(issuer, Env("guacamole", "OPENID_ISSUER"));
        Assert.Equal(issuer, Env("supabase-auth", "GOTRUE_EXTERNAL_KEYCLOAK_URL"));
        Assert.Contains($"issuer: '{issuer}'", Env("gitlab", "GITLAB_OMNIBUS_CONFIG"), StringComparison.Ordinal);
        Assert.Equal("https://keycloak.dock.internal", Env("keycloak", "KC_HOSTNAME"));
    }

    [Fact]
    public void Should_Run_Sidecars_With_Named_Volumes_Beside_Langfuse()
    {
        var file = ServiceRenders.Matching("services-docker", "compose/svc-01/", "docker-compose.yml").Single();
        var root = ServiceRenders.Yaml(file);
        var services = root.Map("services");
        foreach (var sidecar in LangfuseSidecars)
        {
            Assert.True(services.Get(sidecar) is YamlMappingNode, $"{sidecar} is missing");
        }

        var volumes = root.Map("volumes").Children.Keys.Select(k => k.Text()).ToList();
        Assert.Contains("langfuse-db", volumes);
        Assert.Contains("langfuse-clickhouse", volumes);
        Assert.Equal("service_healthy", services.Map("langfuse").Map("depends_on").Map("langfuse-clickhouse").Get("condition")!.Text());
    }

    [Fact]
    public void Should_Route_Through_A_Relay_On_Docker_Hosts_Without_The_Gateway()
    {
        var services = ComposeFiles("example").Single(c => c.Host == "gpu-01").Services;
        Assert.Equal("Host(`ollama.acme.internal`)", services.Map("ollama").Map("labels").Get("traefik.http.routers.ollama.rule")!.Text());
        Assert.Equal("10.41.0.22:80:80", ((YamlSequenceNode)services.Map(ComposeTarget.RelayName).Get("ports")!).Children.Single().Text());
        var svc = ComposeFiles("example").Single(c => c.Host == "svc-01").Services;
        Assert.Null(svc.Get(ComposeTarget.RelayName));
    }

    [Fact]
    public void Should_Use_The_Inventory_Version_As_The_Tag()
    {
        var services = ComposeFiles("services-docker").Single(c => c.Host == "svc-01").Services;
        Assert.Equal("docker.io/gitlab/gitlab-ce:17.9.1-ce.0", services.Map("gitlab").Get("image")!.Text());
    }

    /// <summary>
    /// Guacamole (Java) fetches Keycloak's signing keys itself. Beside Keycloak it asks the container over
    /// plain http (Java would need a trust store for the internal CA); on another host it goes through the gateway.
    /// </summary>
    [Fact]
    public void Should_Let_Guacamole_Fetch_Keycloaks_Keys_From_The_Container_Beside_It()
    {
        static (string Jwks, YamlMappingNode? Keycloak) Render(string inventory)
        {
            var (_, containers) = ServiceRenders.ComposeWith(TestRender.BuildAndKeepLedger(inventory).Files, "guacamole");
            return (containers["guacamole"].Map("environment").Get("OPENID_JWKS_ENDPOINT")!.Text(), containers.GetValueOrDefault("keycloak"));
        }

        using var temp = new TempDir();
        TempDir.CopyTree(Repo.ExampleInventory, temp.Path);
        var (beside, keycloak) = Render(temp.Path);
        Assert.Equal("http://keycloak:8080/realms/acme/protocol/openid-connect/certs", beside);
        Assert.Equal("true", keycloak!.Map("environment").Get("KC_HTTP_ENABLED")!.Text()); // Keycloak serves plain http inside the host

        var services = Path.Combine(temp.Path, "services.yaml");
        File.WriteAllText(services, File.ReadAllText(services).Replace("guacamole:  { on: svc-01 }", "guacamole:  { on: gpu-01 }", StringComparison.Ordinal));
        var (elsewhere, none) = Render(temp.Path);
        Assert.Null(none);
        Assert.Equal("https://keycloak.acme.internal/realms/acme/protocol/openid-connect/certs", elsewhere);
    }

    /// <summary>
    /// GitLab's Omnibus chmods every file of /etc/gitlab/trusted-certs at reconfigure (on start), which a
    /// read-only mount refuses with EROFS: reconfigure, and the container, would fail.
    /// </summary>
    [Fact]
    public void Should_Give_GitLab_The_Internal_Ca_As_A_Writable_File_Of_Its_Trusted_Certs()
    {
        var gitlab = Containers("example").Single(c => c.Name == "gitlab").Service;
        var mount = ((YamlSequenceNode)gitlab.Get("volumes")!).Children.Select(v => v.Text())
            .Single(v => v.Contains(":/etc/gitlab/trusted-certs/", StringComparison.Ordinal));
        Assert.Equal("../../tls/ca.pem:/etc/gitlab/trusted-certs/werkbank-ca.crt", mount);
        Assert.Contains(ServiceRenders.Files("example"), f => f.Path == "tls/ca.pem");
    }
}
