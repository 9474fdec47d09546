using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.Traefik;

public sealed class TraefikTargetTests
{
    private static YamlMappingNode Http()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(AccessFiles.Example("traefik/dynamic.yml")));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["http"];
    }

    [Fact]
    public void Should_Type_Check_Against_The_Traefik_V3_File_Provider_Schema()
    {
        var result = AccessFiles.Check("check-traefik.mjs", "dynamic.yml", AccessFiles.Example("traefik/dynamic.yml"));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Should_Fail_The_Type_Check_With_A_Misspelt_Key()
    {
        var bad = AccessFiles.Example("traefik/dynamic.yml").Replace("entryPoints:", "entrypoints:", StringComparison.Ordinal);
        var result = AccessFiles.Check("check-traefik.mjs", "dynamic.yml", bad);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Should_Put_Login_And_Headers_In_Front_Of_Every_Non_Public_Router()
    {
        var routers = (YamlMappingNode)Http()["routers"];
        var edges = routers.Children.Where(r => ((YamlSequenceNode)((YamlMappingNode)r.Value)["entryPoints"]).Children.Single().ToString() == "websecure").ToList();
        Assert.NotEmpty(edges);
        foreach (var (name, node) in edges)
        {
            var router = (YamlMappingNode)node;
            var chain = ((YamlSequenceNode)router["middlewares"]).Children.Select(c => c.ToString()).ToList();
            Assert.Equal("security-headers", chain[0]);
            Assert.True(router.Children.ContainsKey("tls"), $"{name} has no TLS");
            if (name.ToString() is not ("keycloak" or "oauth2-proxy"))
            {
                Assert.Equal(["security-headers", "strip-identity", "login-redirect", $"auth.{name}"], chain);
            }
        }
    }

    [Fact]
    public void Should_Route_Only_Hosts_Of_The_Inventory()
    {
        var text = AccessFiles.Example("traefik/dynamic.yml");
        var hosts = System.Text.RegularExpressions.Regex.Matches(text, "Host\\(`([^`]+)`\\)").Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
            ["flowise", "gitlab", "guacamole", "keycloak", "langfuse", "n8n", "ollama", "open-webui", "qdrant", "searxng", "supabase"],
            hosts.Select(h => h.Replace(".acme.internal", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_Limit_Each_Role_Per_User_With_Its_Own_Rate()
    {
        var middlewares = (YamlMappingNode)Http()["middlewares"];
        var ollama = (YamlMappingNode)((YamlMappingNode)middlewares["ratelimit.developer.ollama"])["rateLimit"];
        Assert.Equal("120", ollama["average"].ToString());
        Assert.Equal("1m", ollama["period"].ToString());
        Assert.Equal("X-Auth-Request-User", ((YamlMappingNode)ollama["sourceCriterion"])["requestHeaderName"].ToString());
        var routers = (YamlMappingNode)Http()["routers"];
        Assert.Equal("ratelimit.developer.ollama", ((YamlSequenceNode)((YamlMappingNode)routers["ollama.developer"])["middlewares"]).Children.Single().ToString());
        Assert.False(routers.Children.ContainsKey("ollama.analyst"), "analysts have no ollama: no access router");
    }

    [Fact]
    public void Should_Render_Only_The_Configured_Gateway()
    {
        Assert.False(AccessFiles.Has(TestRender.ExampleFiles(), "kong/kong.yml"));
        Assert.False(AccessFiles.Has(AccessFiles.KongBuild().Files, "traefik/dynamic.yml"));
        Assert.Contains("provider = \"keycloak-oidc\"", AccessFiles.Example("traefik/oauth2-proxy.cfg"), StringComparison.Ordinal);
        // Its secrets reach the container through the environment (GatewayWiringTests), never through the file.
        var settings = AccessFiles.Example("traefik/oauth2-proxy.cfg").Split('\n').Where(l => !l.StartsWith('#'));
        Assert.DoesNotContain(settings, l => l.Contains("secret", StringComparison.Ordinal));
    }
}
