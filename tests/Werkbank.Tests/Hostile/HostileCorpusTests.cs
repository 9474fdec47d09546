using System.Text.Json;
using Werkbank.Output;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Hostile;

/// <summary>
/// tests/Hostile/&lt;case&gt;/: a hostile or broken inventory (overlay/ over the small valid one, an
/// optional 'remove' list) and expected.txt. A case either ends in diagnostics (their exact lines) or
/// renders, and then its output must be inert: every structured file parses, each VM's cloud-config
/// has exactly the keys of a clean one and carries the user's values unchanged, and no rendered file
/// holds a secret. expected.txt then lists the values as they came out. Bless with WERKBANK_BLESS=1.
/// </summary>
public sealed class HostileCorpusTests
{
    private static string CasesRoot => Repo.Path("tests", "Hostile");

    private static List<string> CaseNames() =>
        [.. Directory.EnumerateDirectories(CasesRoot).Select(d => Path.GetFileName(d)!).Where(n => n != "regressions" && !n.StartsWith('_')).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Cases() => [.. CaseNames()];

    private static readonly Lazy<string[]> CleanKeys = new(() =>
    {
        using var fixture = new InventoryFixture();
        var build = TestRender.Build(fixture.Root);
        return TopLevelKeys(build.Files.First(f => f.Path.EndsWith("/user-data", StringComparison.Ordinal)).ContentAsText);
    });

    private static YamlMappingNode CloudConfig(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return Assert.Single(stream.Documents).RootNode as YamlMappingNode ?? throw new InvalidOperationException("user-data is not a mapping");
    }

    private static string[] TopLevelKeys(string userData) =>
        [.. CloudConfig(userData).Children.Keys.Select(k => ((YamlScalarNode)k).Value!)];

    [Fact]
    public void Should_Hold_At_Least_Sixty_Hostile_Inventories_With_The_Diagnostic_Cases()
    {
        var diagnosticCases = Directory.EnumerateDirectories(Repo.Path("tests", "Diagnostics")).Count(d => !Path.GetFileName(d).StartsWith('_'));
        Assert.True(CaseNames().Count + diagnosticCases >= 60, $"{CaseNames().Count} hostile + {diagnosticCases} diagnostic cases");
        Assert.True(CaseNames().Count >= 60, $"only {CaseNames().Count} cases under tests/Hostile");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileCase(string name)
    {
        var folder = Path.Combine(CasesRoot, name);
        using var fixture = new InventoryFixture();
        fixture.ApplyCase(folder);
        var build = TestRender.Build(fixture.Root);
        var lines = build.Diagnostics.Select(d => d.Format("inventory")).ToList();
        if (!build.HasErrors)
        {
            lines.AddRange(InertOutput(build));
        }

        var actual = string.Join("\n", lines) + "\n";
        Bless.CompareOrWrite(Path.Combine(folder, "expected.txt"), actual);
    }

    /// <summary>Checks that the output is inert and describes it: one line per user with the values as they came out.</summary>
    private static IEnumerable<string> InertOutput(Werkbank.Pipeline.BuildResult build)
    {
        Assert.NotEmpty(build.Files);
        foreach (var file in build.Files)
        {
            Assert.Null(ParseBack.Problem(file));
            var secrets = SecretScan.Scan(file.ContentAsText);
            Assert.True(secrets.Count == 0, $"{file.Path}: {string.Join(", ", secrets)}");
        }

        yield return $"render: {build.Files.Length} files, all parse, no secrets";
        var model = build.Compilation.Model!;
        foreach (var user in model.PresentUsers)
        {
            var userData = build.Files.Single(f => f.Path == $"cloud-init/{user.Name}/user-data").ContentAsText;
            Assert.Equal(CleanKeys.Value, TopLevelKeys(userData));
            var account = (YamlMappingNode)((YamlSequenceNode)CloudConfig(userData).Children[new YamlScalarNode("users")]).Children.Single();
            Assert.Equal(user.Name, ((YamlScalarNode)account.Children[new YamlScalarNode("name")]).Value);
            Assert.Equal(user.FullName, ((YamlScalarNode)account.Children[new YamlScalarNode("gecos")]).Value);
            var keys = account.Children.TryGetValue(new YamlScalarNode("ssh_authorized_keys"), out var list)
                ? ((YamlSequenceNode)list).Children.Select(k => ((YamlScalarNode)k).Value!).ToList()
                : []; // no keys: no key list (an empty value is invalid for cloud-init)
            Assert.Equal(user.SshKeys, keys);
            yield return $"user {user.Name}: gecos {JsonSerializer.Serialize(user.FullName)}, {keys.Count} ssh key(s)";
        }
    }

    /// <summary>The inert cases whose hostile value lands in the cloud-config, checked by the real cloud-init schema validator.</summary>
    public static TheoryData<string> InertNameCases() =>
        [.. CaseNames().Where(n => n.StartsWith("inert-name-", StringComparison.Ordinal) || n == "inert-ssh-key-comment-injection")];

    [Theory]
    [MemberData(nameof(InertNameCases))]
    public void Should_Give_Cloud_Init_A_Valid_Config_With_The_Hostile_Value(string name)
    {
        var cloudInit = ExternalTool.Require("cloud-init", "apt-get install cloud-init");
        using var fixture = new InventoryFixture();
        fixture.ApplyCase(Path.Combine(CasesRoot, name));
        var build = TestRender.Build(fixture.Root);
        Assert.False(build.HasErrors);
        using var temp = new TempDir();
        var userData = temp.Combine("user-data");
        File.WriteAllBytes(userData, build.Files.Single(f => f.Path == "cloud-init/bob/user-data").Content);
        var result = ExternalTool.Run(cloudInit, ["schema", "--config-file", userData]);
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
