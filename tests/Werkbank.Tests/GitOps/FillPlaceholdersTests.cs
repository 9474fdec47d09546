using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// .ci/fill-placeholders, which apply:helmfile runs before helmfile (helmfile does not fill ${NAME}
/// itself: without it, Flowise's secret key was the text "${FLOWISE_SECRET_KEY}"), and deploy-compose on
/// the files a compose file mounts (Guacamole's XML, the realm's JSON, Kong's YAML). Run with the
/// machine's sh and awk on rendered files; each is read back by a parser of its kind.
/// </summary>
public sealed partial class FillPlaceholdersTests
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

    [Fact]
    public void Should_Fill_Xml_Attributes_So_That_Xml_Reads_The_Variable()
    {
        using var temp = new TempDir();
        var file = temp.Combine("user-mapping.xml");
        File.Copy(Repo.Path("out", "guacamole", "user-mapping.xml"), file);
        var names = Placeholder().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(names);
        var environment = names.ToDictionary(n => n, n => $"<pw a=\"{n}\" & 'b'>\n\tend", StringComparer.Ordinal);

        var result = ExternalTool.Run("sh", [Script, file], environment: environment);

        Assert.True(result.ExitCode == 0, result.Output);
        var filled = System.Xml.Linq.XDocument.Load(file).Descendants("authorize").ToList();
        Assert.NotEmpty(filled);
        Assert.All(filled, a => Assert.Equal(environment[$"GUACAMOLE_PASSWORD_{a.Attribute("username")!.Value.ToUpperInvariant().Replace('-', '_')}"], a.Attribute("password")!.Value));
    }

    [Fact]
    public void Should_Refuse_A_Control_Character_That_Xml_Cannot_Carry()
    {
        using var temp = new TempDir();
        var file = temp.Combine("a.xml");
        File.WriteAllText(file, "<a p=\"${WERKBANK_TEST_SECRET}\"/>\n");

        var result = ExternalTool.Run("sh", [Script, file], environment: new Dictionary<string, string> { ["WERKBANK_TEST_SECRET"] = "a\u0001b" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:1: WERKBANK_TEST_SECRET holds a control character", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("<a p=\"${WERKBANK_TEST_SECRET}\"/>\n", File.ReadAllText(file));
    }

    [Fact]
    public void Should_Fill_Json_Strings_So_That_Json_Reads_The_Variable()
    {
        using var temp = new TempDir();
        var file = temp.Combine("realm.json");
        File.Copy(Repo.Path("out", "keycloak", "realm-acme.json"), file);
        var names = Placeholder().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(names);
        var environment = names.ToDictionary(n => n, n => $"\"{n}\\ \n\u0001/", StringComparer.Ordinal);

        var result = ExternalTool.Run("sh", [Script, file], environment: environment);

        Assert.True(result.ExitCode == 0, result.Output);
        var clients = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["clients"]!.AsArray().Where(c => c!["secret"] is not null).ToList();
        Assert.NotEmpty(clients);
        Assert.All(clients, c => Assert.Equal(environment[$"KEYCLOAK_CLIENT_SECRET_{((string)c!["clientId"]!).ToUpperInvariant().Replace('-', '_')}"], (string?)c["secret"]));
    }

    [Fact]
    public void Should_Keep_A_Multi_Line_Key_In_A_Yaml_String()
    {
        using var temp = new TempDir();
        var file = temp.Combine("kong.yml");
        File.Copy(Repo.Path("tests", "Baselines", "kong-gateway", "expected", "kong", "kong.yml"), file);
        const string Pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\\hkiG9w0B\n-----END PUBLIC KEY-----\n";
        const string Certificate = "-----BEGIN CERTIFICATE-----\nMIIBzjCCAXWg\n-----END CERTIFICATE-----\n";
        const string Key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----\n";

        var result = ExternalTool.Run("sh", [Script, file], environment: new Dictionary<string, string>
        {
            ["KEYCLOAK_REALM_PUBLIC_KEY_PEM"] = Pem,
            ["TLS_CERTIFICATE"] = Certificate,
            ["TLS_PRIVATE_KEY"] = Key,
        });

        Assert.True(result.ExitCode == 0, result.Output);
        var scalars = Scalars(Load(file)).ToList();
        var keys = scalars.Where(s => s.Path.EndsWith("/rsa_public_key", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(Pem, k.Value));
        Assert.Equal(Certificate, Assert.Single(scalars, s => s.Path == "/certificates/0/cert").Value);
        Assert.Equal(Key, Assert.Single(scalars, s => s.Path == "/certificates/0/key").Value);
    }

    [Fact]
    public void Should_Refuse_A_File_Whose_Escaping_It_Does_Not_Know()
    {
        using var temp = new TempDir();
        var file = temp.Combine("a.cfg");
        File.WriteAllText(file, "x = \"${WERKBANK_TEST_SECRET}\"\n");

        var result = ExternalTool.Run("sh", [Script, file], environment: new Dictionary<string, string> { ["WERKBANK_TEST_SECRET"] = "x" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no escaping known", result.StdErr, StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

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
