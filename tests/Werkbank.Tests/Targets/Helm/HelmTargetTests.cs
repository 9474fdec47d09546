using Werkbank.Model;
using Werkbank.Targets.Helm;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.Helm;

public sealed class HelmTargetTests
{
    [Fact]
    public void Should_Know_A_Chart_For_Every_Service_Allowed_On_Kubernetes()
    {
        Assert.Equal(ServicePlacement.Kubernetes.Order(StringComparer.Ordinal), HelmCharts.All.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("example")]
    [InlineData("services-kubernetes")]
    public void Should_Use_Only_Documented_Top_Level_Keys(string inventory)
    {
        var values = ServiceRenders.Matching(inventory, "helm/", "/values.yaml").ToList();
        Assert.NotEmpty(values);
        foreach (var file in values)
        {
            var service = file.Path.Split('/')[1];
            var allowed = HelmCharts.All[service].DocumentedKeys;
            var keys = ServiceRenders.Yaml(file).Children.Keys.Select(k => k.Text()).ToList();
            Assert.All(keys, key => Assert.True(allowed.Contains(key), $"{file.Path}: '{key}' is not a documented value of chart {HelmCharts.All[service].Chart}"));
        }
    }

    [Fact]
    public void Should_Pin_Every_Chart_In_The_Helmfile()
    {
        var helmfile = ServiceRenders.Yaml(ServiceRenders.Files("services-kubernetes").Single(f => f.Path == "helm/helmfile.yaml"));
        var repositories = ((YamlSequenceNode)helmfile.Get("repositories")!).Children.Cast<YamlMappingNode>().ToDictionary(r => r.Get("name")!.Text(), r => r.Get("url")!.Text());
        var releases = ((YamlSequenceNode)helmfile.Get("releases")!).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(HelmCharts.All.Keys.Order(StringComparer.Ordinal), releases.Select(r => r.Get("name")!.Text()));
        foreach (var release in releases)
        {
            var chart = HelmCharts.All[release.Get("name")!.Text()];
            Assert.Equal($"{chart.Repository}/{chart.Chart}", release.Get("chart")!.Text());
            Assert.Matches(@"^\d+\.\d+\.\d+$", release.Get("version")!.Text());
            Assert.Equal(chart.RepositoryUrl, repositories[chart.Repository]);
            Assert.Equal("k8s-01", release.Get("kubeContext")!.Text());
        }
    }

    [Fact]
    public void Should_Size_Qdrant_And_Ollama_From_The_Inventory()
    {
        YamlMappingNode Values(string service) =>
            ServiceRenders.Yaml(ServiceRenders.Files("services-kubernetes").Single(f => f.Path == $"helm/{service}/values.yaml"));
        var qdrant = Values("qdrant");
        Assert.Equal("3", qdrant.Get("replicaCount")!.Text());
        Assert.Equal("true", qdrant.Map("config").Map("cluster").Get("enabled")!.Text());
        Assert.Equal("2", qdrant.Map("config").Map("storage").Map("collection").Get("replication_factor")!.Text());
        var ollama = Values("ollama").Map("ollama");
        Assert.Equal("2", ollama.Map("gpu").Get("number")!.Text());
        Assert.Equal("nvidia", ollama.Map("gpu").Get("type")!.Text());
        Assert.Equal(["llama3.1:8b"], ((YamlSequenceNode)ollama.Map("models").Get("pull")!).Children.Select(c => c.Text()));
        var searxng = Values("searxng");
        Assert.Equal("2025.3.11-3fe602a46", searxng.Map("image").Get("tag")!.Text());
    }

    [Fact]
    public void Should_Point_Open_WebUI_Login_At_Keycloak()
    {
        var values = ServiceRenders.Yaml(ServiceRenders.Files("services-kubernetes").Single(f => f.Path == "helm/open-webui/values.yaml"));
        var oidc = values.Map("sso").Map("oidc");
        Assert.Equal("https://keycloak.kube.internal/realms/kube/.well-known/openid-configuration", oidc.Get("providerUrl")!.Text());
        Assert.Equal("${KEYCLOAK_CLIENT_SECRET_OPEN_WEBUI}", oidc.Get("clientSecret")!.Text());
    }

    [Fact]
    public void Should_Shape_Each_Ingress_The_Way_Its_Chart_Expects()
    {
        YamlMappingNode Ingress(string service) =>
            ServiceRenders.Yaml(ServiceRenders.Files("services-kubernetes").Single(f => f.Path == $"helm/{service}/values.yaml")).Map("ingress");
        Assert.Equal("open-webui.kube.internal", Ingress("open-webui").Get("host")!.Text());
        var flowise = (YamlMappingNode)((YamlSequenceNode)Ingress("flowise").Get("hosts")!).Children.Single();
        Assert.Equal("/", ((YamlSequenceNode)flowise.Get("paths")!).Children.Single().Text());
        var n8n = (YamlMappingNode)((YamlSequenceNode)Ingress("n8n").Get("hosts")!).Children.Single();
        Assert.Equal("n8n.kube.internal", n8n.Get("host")!.Text());
    }
}
