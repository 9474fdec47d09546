using Werkbank.Tests.Support;
using YamlDotNet.Core;

namespace Werkbank.Tests.Targets.Kong;

public sealed class KongTargetTests
{
    private static string Kong() => AccessFiles.KongExample("kong/kong.yml");

    [Fact]
    public void Should_Match_The_Strict_Kong_Declarative_Model()
    {
        var (_, problems) = KongDeclarative.Validate(Kong());
        Assert.Empty(problems);
    }

    [Fact]
    public void Should_Reject_An_Unknown_Key_In_The_Strict_Model()
    {
        Assert.ThrowsAny<YamlException>(() => KongDeclarative.Validate(Kong().Replace("preserve_host:", "preserve_hosts:", StringComparison.Ordinal)));
        Assert.ThrowsAny<YamlException>(() => KongDeclarative.Validate(Kong().Replace("limit_by:", "limited_by:", StringComparison.Ordinal)));
        Assert.NotEmpty(KongDeclarative.Validate(Kong().Replace("consumer: alice", "consumer: mallory", StringComparison.Ordinal)).Problems);
    }

    [Fact]
    public void Should_Give_Consumers_Only_To_Active_Users()
    {
        var (document, _) = KongDeclarative.Validate(Kong());
        Assert.Equal(["alice", "bob", "erin"], document.Consumers.Select(c => c.Username));
        Assert.DoesNotContain(document.Plugins, p => p.Consumer is "carol" or "dave");
    }

    [Fact]
    public void Should_Allow_Each_Service_To_The_Roles_With_Access()
    {
        var (document, _) = KongDeclarative.Validate(Kong());
        var ollama = document.Services.Single(s => s.Name == "ollama");
        Assert.Equal(["jwt", "acl"], ollama.Plugins.Select(p => p.Name));
        Assert.Equal("[role-developer]", "[" + string.Join(",", (List<object>)ollama.Plugins[1].Config["allow"]) + "]");
        Assert.Empty(document.Services.Single(s => s.Name == "searxng").Plugins);
        Assert.Equal("preferred_username", ollama.Plugins[0].Config["key_claim_name"]);
    }

    [Fact]
    public void Should_Limit_Per_Consumer_With_A_Service_Override()
    {
        var (document, _) = KongDeclarative.Validate(Kong());
        var alice = document.Plugins.Where(p => p.Consumer == "alice").ToList();
        Assert.Equal([null, "ollama"], alice.Select(p => p.Service));
        Assert.Equal(["300", "60"], alice.Select(p => p.Config["minute"].ToString()));
    }

    [Fact]
    public void Should_Serve_The_Gateway_Certificate_From_Ci_Variables_For_Every_Service_Host()
    {
        var (document, _) = KongDeclarative.Validate(Kong());
        var certificate = Assert.Single(document.Certificates);
        Assert.Equal("${TLS_CERTIFICATE}", certificate.Cert);
        Assert.Equal("${TLS_PRIVATE_KEY}", certificate.Key);
        var wildcard = Assert.Single(certificate.Snis).Name;
        Assert.StartsWith("*.", wildcard, StringComparison.Ordinal);
        var hosts = document.Services.SelectMany(s => s.Routes).SelectMany(r => r.Hosts ?? []).ToList();
        Assert.NotEmpty(hosts);
        Assert.All(hosts, h => Assert.True(h.EndsWith(wildcard[1..], StringComparison.Ordinal) && !h[..^(wildcard.Length - 1)].Contains('.', StringComparison.Ordinal), $"{h} is not covered by {wildcard}"));
    }
}
