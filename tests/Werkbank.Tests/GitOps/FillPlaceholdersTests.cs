using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// .ci/fill-placeholders, which apply:helmfile runs before helmfile (helmfile does not fill ${NAME}
/// itself: without it, Flowise's secret key was the text "${FLOWISE_SECRET_KEY}"). Run with the
/// machine's sh and awk on the example's rendered Helm values.
/// </summary>
public sealed class FillPlaceholdersTests
{
    private static readonly string Script = Repo.Path(".ci", "fill-placeholders");

    private static IEnumerable<string> ValuesFiles() =>
        Directory.EnumerateDirectories(Repo.Path("out", "helm")).Select(d => Path.Combine(d, "values.yaml")).Where(File.Exists).Order(StringComparer.Ordinal);

    [Fact]
    public void Should_Be_Run_By_Apply_Helmfile_Before_Helmfile()
    {
        var pipeline = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Repo.Path(".gitlab-ci.yml")));
        var script = ((List<object>)((Dictionary<object, object>)pipeline["apply:helmfile"])["script"]).Cast<string>().ToList();
        var fill = script.FindIndex(l => l == "sh .ci/fill-placeholders out/helm/*/values.yaml");
        var helmfile = script.FindIndex(l => l.StartsWith("helmfile ", StringComparison.Ordinal));
        Assert.True(fill >= 0 && fill < helmfile, string.Join("\n", script));
    }

    [Fact]
    public void Should_Fill_Every_Placeholder_Of_The_Helm_Values_With_Its_Variable_As_Yaml_Reads_It()
    {
        using var temp = new TempDir();
        var files = ValuesFiles().Select(f =>
        {
            var copy = temp.Combine(Path.GetFileName(Path.GetDirectoryName(f)!) + ".yaml");
            File.Copy(f, copy);
            return (Original: f, Copy: copy);
        }).ToList();
        var placeholders = files.SelectMany(f => Scalars(Load(f.Original)).Select(s => s.Value))
            .Where(v => v.StartsWith("${", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(placeholders.Count >= 5, string.Join(", ", placeholders));
        // Values a secret may hold that YAML would misread unescaped: quotes, backslashes, '#', ': ', '$'.
        var environment = placeholders.ToDictionary(p => p[2..^1], p => $"s3cr\"et\\ #{p[2..^1]}: $x", StringComparer.Ordinal);

        var result = ExternalTool.Run("sh", [Script, .. files.Select(f => f.Copy)], environment: environment);

        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var (original, copy) in files)
        {
            var before = Scalars(Load(original)).ToList();
            var after = Scalars(Load(copy)).ToList();
            Assert.Equal(before.Select(s => s.Path), after.Select(s => s.Path));
            for (var i = 0; i < before.Count; i++)
            {
                var expected = before[i].Value.StartsWith("${", StringComparison.Ordinal) ? environment[before[i].Value[2..^1]] : before[i].Value;
                Assert.Equal(expected, after[i].Value);
            }

            // Comments keep their words: the header says "${NAME} placeholders are filled ...".
            Assert.Equal(File.ReadLines(original).Where(l => l.TrimStart().StartsWith('#')), File.ReadLines(copy).Where(l => l.TrimStart().StartsWith('#')));
        }
    }

    [Fact]
    public void Should_Fail_Naming_A_Variable_That_Is_Not_Set_And_Leave_The_File_As_It_Was()
    {
        using var temp = new TempDir();
        var file = temp.Combine("values.yaml");
        File.WriteAllText(file, "# ${NAME} placeholders\nkey: \"${WERKBANK_TEST_UNSET_SECRET}\"\nother: \"${WERKBANK_TEST_SET_SECRET}\"\n");
        var before = File.ReadAllText(file);

        var result = ExternalTool.Run("sh", [Script, file], environment: new Dictionary<string, string> { ["WERKBANK_TEST_SET_SECRET"] = "x" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:2: WERKBANK_TEST_UNSET_SECRET is not set", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("NAME", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(file));
        Assert.False(File.Exists(file + ".filled"));
    }

    private static YamlNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    /// <summary>Every scalar with its path, in document order.</summary>
    private static IEnumerable<(string Path, string Value)> Scalars(YamlNode node, string path = "")
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (path, scalar.Value ?? string.Empty);
                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    foreach (var found in Scalars(value, $"{path}/{((YamlScalarNode)key).Value}"))
                    {
                        yield return found;
                    }
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    foreach (var found in Scalars(sequence.Children[i], $"{path}/{i}"))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
