using System.Text.Json.Nodes;
using System.Xml.Linq;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets;

/// <summary>
/// Free text that validation lets through (quotes, apostrophes, angle brackets, ampersands, non-ASCII letters;
/// newlines are refused earlier) must come back unchanged when each access file is parsed. Traefik and Kong
/// carry only names and host names (slugs), so their YAML is checked for the team and role names it holds.
/// </summary>
public sealed class AccessEscapingTests
{
    private const string FullName = "Zoë \"Z\" O'Brien <z&z> Ångström";
    private const string Description = "R&D <core> \"team\" of 'us' – ünïcode";

    private static Pipeline.BuildResult Build(InventoryFixture fixture, string gateway)
    {
        fixture
            .With("platform.yaml", fixture.Read("platform.yaml") + $"gateway: {gateway}\n")
            .With("services.yaml", $"keycloak: {{ on: svc-01 }}\n{gateway}: {{ on: svc-01 }}\nopen-webui: {{ on: svc-01 }}\nguacamole: {{ on: svc-01 }}\ngitlab: {{ on: svc-01 }}\n")
            .With("roles.yaml", "developer:\n  description: \"Builds & ships <things> \\\"fast\\\"\"\n  flavor: small\n  local: [ollama]\n  access: { open-webui: user, gitlab: editor }\n  rate_limits: { default: 60 }\n")
            .With("teams/alpha.yaml", $"description: \"{Description.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\nleads: [alice]\n")
            .With("users/alice.yaml", fixture.Read("users/alice.yaml").Replace("full_name: Alice Example", $"full_name: \"{FullName.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", StringComparison.Ordinal)
                .Replace("alice@tiny.example", "alice.o+ops@tiny.example", StringComparison.Ordinal));
        var build = TestRender.Build(fixture.Root);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return build;
    }

    [Fact]
    public void Should_Keep_Names_And_Descriptions_Intact_In_Json()
    {
        using var fixture = new InventoryFixture();
        var files = Build(fixture, "traefik").Files;
        var realm = JsonNode.Parse(AccessFiles.Text(files, "keycloak/realm-tiny.json"))!;
        var alice = realm["users"]!.AsArray().Single(u => (string?)u!["username"] == "alice")!;
        Assert.Equal("Zoë", (string?)alice["firstName"]);
        Assert.Equal("\"Z\" O'Brien <z&z> Ångström", (string?)alice["lastName"]);
        Assert.Equal("alice.o+ops@tiny.example", (string?)alice["email"]);
        Assert.Equal("Builds & ships <things> \"fast\"", (string?)realm["roles"]!["realm"]!.AsArray().Single(r => (string?)r!["name"] == "developer")!["description"]);
        Assert.Equal(Description, (string?)realm["groups"]![0]!["attributes"]!["description"]![0]);
        var plan = JsonNode.Parse(AccessFiles.Text(files, "gitlab/plan.json"))!;
        Assert.Equal(Description, (string?)plan["groups"]![0]!["description"]);
    }

    [Fact]
    public void Should_Keep_The_Full_Name_Intact_In_Xml()
    {
        using var fixture = new InventoryFixture();
        var mapping = XDocument.Parse(AccessFiles.Text(Build(fixture, "traefik").Files, "guacamole/user-mapping.xml"));
        var connection = mapping.Root!.Elements("authorize").Single(a => (string?)a.Attribute("username") == "alice").Element("connection")!;
        Assert.Equal($"alice-ws ({FullName})", (string?)connection.Attribute("name"));
    }

    [Fact]
    public void Should_Keep_The_Full_Name_Intact_In_The_Csv_And_Escape_It_In_Markdown()
    {
        using var fixture = new InventoryFixture();
        var files = Build(fixture, "traefik").Files;
        var row = AccessFiles.Text(files, "reports/access-matrix.csv").Split('\n').First(l => l.StartsWith("alice,", StringComparison.Ordinal));
        Assert.Equal(FullName, ParseCsvLine(row)[1]);
        var markdown = AccessFiles.Text(files, "reports/access-matrix.md");
        Assert.Contains("Zoë \"Z\" O'Brien \\<z&z\\> Ångström", markdown, StringComparison.Ordinal);
        var header = markdown.Split('\n').First(l => l.StartsWith("| user |", StringComparison.Ordinal));
        var alice = markdown.Split('\n').First(l => l.StartsWith("| alice |", StringComparison.Ordinal));
        Assert.Equal(Cells(header), Cells(alice));
    }

    [Theory]
    [InlineData("traefik", "traefik/dynamic.yml")]
    [InlineData("kong", "kong/kong.yml")]
    public void Should_Parse_The_Gateway_Yaml_Back(string gateway, string path)
    {
        using var fixture = new InventoryFixture();
        var text = AccessFiles.Text(Build(fixture, gateway).Files, path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var scalars = stream.Documents[0].AllNodes.OfType<YamlScalarNode>().Select(s => s.Value).ToList();
        Assert.Contains(gateway == "kong" ? "team-alpha" : "ratelimit.developer", scalars);
        Assert.Contains(gateway == "kong" ? "open-webui.tiny.internal" : "Host(`open-webui.tiny.internal`)", scalars);
    }

    private static int Cells(string line) => System.Text.RegularExpressions.Regex.Count(line, @"(?<!\\)\|");

    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
