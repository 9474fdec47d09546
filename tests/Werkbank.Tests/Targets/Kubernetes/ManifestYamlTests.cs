using CsCheck;
using k8s;
using k8s.Models;
using Werkbank.Synthetic;
using Werkbank.Targets.Kubernetes;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Kubernetes;

/// <summary>ManifestYaml must write what KubernetesClient's own KubernetesYaml writes, byte for byte.</summary>
public sealed class ManifestYamlTests
{
    [Theory]
    [InlineData("example")]
    [InlineData("services-kubernetes")]
    public void Writes_every_team_of_an_inventory_as_KubernetesYaml_does(string inventory)
    {
        var model = TestRender.Build(ServiceRenders.Inventory(inventory)).Compilation.Model!;
        Assert.NotEmpty(model.Teams);
        AssertEveryTeamAsKubernetesYaml(model);
    }

    [Fact]
    public void Writes_every_team_of_a_generated_company_as_KubernetesYaml_does()
    {
        using var temp = new TempDir();
        new SyntheticInventory { Users = 300, UsersPerTeam = 20 }.WriteTo(temp.Path);
        var model = TestRender.Build(temp.Path).Compilation.Model!;
        Assert.True(model.Teams.Length >= 10);
        AssertEveryTeamAsKubernetesYaml(model);
    }

    private static void AssertEveryTeamAsKubernetesYaml(Werkbank.Model.PlatformModel model)
    {
        foreach (var team in model.Teams)
        {
            var objects = TeamNamespacesTarget.Objects(model, team);
            Assert.Equal(KubernetesYaml.SerializeAll(objects), ManifestYaml.SerializeAll(objects));
        }
    }

    private static Gen<string> Of(params string[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    // Text that puts the quoting rules to work: numbers, booleans, null, line breaks, YAML indicators,
    // long lines with spaces (the emitter's default width), non-ASCII and control characters.
    private static readonly Gen<string> Text = Gen.OneOf(
        Of("", "0", "12", "-3", "1.5", "1e3", "007", "0x1F", "true", "false", "null", "~", "yes", "on", "Null",
            "a\nb", "line\n", "\n", " lead", "trail ", "key: value", "# note", "- item", "[x]", "{y}", "'q'", "\"d\"", "a\tb",
            "é ü 漢", "\u0007", "*ref", "&anchor", "!tag", "%dir", "@at", "`tick`", "x,y", "?", ":", "a: ", "10.0.0.1/32"),
        Gen.String[Gen.Char["0123456789.e-+ :#\n\"'abcxyzAZ"], 0, 12],
        Gen.String[Gen.Char["abc de"], 70, 120]);

    private static readonly Gen<Dictionary<string, string>?> Labels =
        Gen.Select(Text, Text).Array[0, 4].Select(pairs => pairs.Length == 0 ? null : pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal));

    private static readonly Gen<object> Manifest = Gen.OneOf<object>(
        Gen.Select(Text, Labels, Labels, Gen.Bool.Select(b => b ? (bool?)b : null)).Select((name, labels, data, immutable) => (object)new V1ConfigMap
        {
            ApiVersion = "v1", Kind = "ConfigMap", Immutable = immutable,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = data },
            Data = data,
        }),
        Gen.Select(Text, Gen.Int[1, 65535], Gen.Bool, Text.Array[0, 3]).Select((name, port, named, values) => (object)new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1", Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchExpressions = values.Length == 0 ? null : [new V1LabelSelectorRequirement { Key = name, OperatorProperty = "In", Values = values }] },
                PolicyTypes = values.Length == 0 ? [] : ["Egress"],
                Egress = [new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Port = named ? name : port, EndPort = named ? null : port }] }],
            },
        }),
        Gen.Select(Of("1", "250m", "2Gi", "512Mi", "0.5", "1e3", "100k"), Gen.Int[0, 9]).Select((quantity, count) => (object)new V1ResourceQuota
        {
            ApiVersion = "v1", Kind = "ResourceQuota",
            Spec = new V1ResourceQuotaSpec { Hard = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["cpu"] = new(quantity), ["pods"] = new($"{count}") } },
        }));

    [Fact]
    public void Writes_generated_manifests_as_KubernetesYaml_does()
    {
        Manifest.Array[0, 4].Sample(objects =>
            Assert.Equal(KubernetesYaml.SerializeAll(objects), ManifestYaml.SerializeAll(objects)), iter: 3_000);
    }

    [Fact]
    public void Refuses_what_it_would_not_write_as_KubernetesYaml_does()
    {
        Assert.Throws<InvalidOperationException>(() => ManifestYaml.SerializeAll([new Uri("https://example.com")]));
        Assert.Throws<InvalidOperationException>(() => ManifestYaml.SerializeAll([new V1Secret { Data = new Dictionary<string, byte[]> { ["k"] = [1] } }]));
        Assert.Throws<InvalidOperationException>(() => ManifestYaml.SerializeAll([new V1ConfigMap { Data = new Dictionary<string, string> { ["k"] = null! } }]));
        Assert.Throws<InvalidOperationException>(() => ManifestYaml.SerializeAll([new V1ObjectMeta { CreationTimestamp = DateTime.UnixEpoch }]));
    }
}
