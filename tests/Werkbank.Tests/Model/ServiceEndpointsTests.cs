using Werkbank.Model;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.ModelTests;

public sealed class ServiceEndpointsTests
{
    [Fact]
    public void Should_Send_The_Gateway_To_The_Container_Beside_It_And_Else_To_The_Host()
    {
        var model = TestRender.ExampleBuild().Compilation.Model!;
        Assert.Equal("http://keycloak:8080", ServiceEndpoints.UpstreamUrl(model, model.Service("keycloak")!)); // beside traefik on svc-01
        Assert.Equal("http://gpu-01.acme.internal", ServiceEndpoints.UpstreamUrl(model, model.Service("ollama")!)); // the relay of gpu-01
        Assert.Equal("http://k8s-core.acme.internal", ServiceEndpoints.UpstreamUrl(model, model.Service("qdrant")!)); // the cluster's ingress
    }

    [Fact]
    public void Should_Name_Clients_And_Their_Secrets_After_The_Service()
    {
        Assert.Equal("open-webui", ServiceEndpoints.ClientId("open-webui"));
        Assert.Equal("KEYCLOAK_CLIENT_SECRET_OPEN_WEBUI", ServiceEndpoints.ClientSecretVariable("open-webui"));
        Assert.All(ServiceCatalog.All, s => Assert.InRange(ServiceEndpoints.PortOf(s), 1, 65535));
    }
}
