using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets.Kubernetes;

public sealed class TeamNamespacesTargetTests
{
    public static TheoryData<string> WithKubernetes() => new("example", "services-kubernetes");

    [Theory]
    [MemberData(nameof(WithKubernetes))]
    public void Should_Pass_The_Kubernetes_Object_Schemas(string inventory)
    {
        var node = ExternalTool.Require("node", "apt-get install nodejs");
        var script = Repo.Path("tools", "checkers", "check-k8s.mjs");
        ExternalTool.Require(Repo.Path(".tools", "checkers", "node_modules", "kubernetes-models", "package.json"), "run .ci/install-checkers");
        var files = ServiceRenders.Matching(inventory, "k8s/", ".yaml").ToList();
        Assert.NotEmpty(files);
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, files);
        var result = ExternalTool.Run(node, [script, .. files.Select(f => temp.Combine(f.Path))]);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Theory]
    [MemberData(nameof(WithKubernetes))]
    public void Should_Pass_Yamllint(string inventory)
    {
        var yamllint = ExternalTool.Require("yamllint", "apt-get install yamllint");
        var files = ServiceRenders.Matching(inventory, "k8s/", ".yaml").Concat(ServiceRenders.Matching(inventory, "helm/", ".yaml")).ToList();
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, files);
        var result = ExternalTool.Run(yamllint, ["-f", "parsable", "-d", "{extends: relaxed, rules: {line-length: disable}}", .. files.Select(f => temp.Combine(f.Path))]);
        Assert.True(result.ExitCode == 0 && result.StdOut.Trim().Length == 0, result.Output);
    }

    [Fact]
    public void Should_Give_Every_Team_A_Namespace_With_Quota_And_Default_Deny()
    {
        var build = TestRender.ExampleBuild();
        foreach (var team in build.Compilation.Model!.Teams)
        {
            var file = ServiceRenders.Files("example").Single(f => f.Path == $"k8s/{team.Name}.yaml");
            var documents = ServiceRenders.YamlDocuments(file).ToList();
            string Kind(YamlMappingNode d) => d.Get("kind")!.Text();
            string Name(YamlMappingNode d) => d.Map("metadata").Get("name")!.Text();
            Assert.Equal($"team-{team.Name}", Name(documents.Single(d => Kind(d) == "Namespace")));
            Assert.Single(documents, d => Kind(d) == "ResourceQuota");
            var deny = documents.Single(d => Kind(d) == "NetworkPolicy" && Name(d) == "default-deny").Map("spec");
            Assert.Empty(deny.Map("podSelector").Children);
            Assert.Null(deny.Get("ingress"));
            Assert.Null(deny.Get("egress"));
            Assert.Equal(["Ingress", "Egress"], ((YamlSequenceNode)deny.Get("policyTypes")!).Children.Select(c => c.Text()));
            Assert.All(documents.Skip(1), d => Assert.Equal($"team-{team.Name}", d.Map("metadata").Get("namespace")!.Text()));
        }
    }

    [Fact]
    public void Should_Serialize_The_Same_Bytes_Every_Time()
    {
        var first = TestRender.Build(ServiceRenders.Inventory("services-kubernetes"), parallelism: 1).Files.Where(f => f.Path.StartsWith("k8s/", StringComparison.Ordinal));
        var second = TestRender.Build(ServiceRenders.Inventory("services-kubernetes"), parallelism: 4).Files.Where(f => f.Path.StartsWith("k8s/", StringComparison.Ordinal));
        Assert.Equal(first.Select(f => f.Sha256), second.Select(f => f.Sha256));
    }

    [Fact]
    public void Should_Render_No_Namespaces_Without_A_Kubernetes_Host()
    {
        Assert.DoesNotContain(ServiceRenders.Files("services-docker"), f => f.Path.StartsWith("k8s/", StringComparison.Ordinal) || f.Path.StartsWith("helm/", StringComparison.Ordinal));
    }
}
