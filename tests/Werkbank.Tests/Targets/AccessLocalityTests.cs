using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets;

/// <summary>Adding one user changes that user's own lines in the shared access files and nothing else; the bytes never depend on parallelism.</summary>
public sealed class AccessLocalityTests
{
    private static readonly string[] Shared =
        ["keycloak/realm-tiny.json", "traefik/dynamic.yml", "guacamole/user-mapping.xml", "gitlab/plan.json", "reports/access-matrix.md", "reports/access-matrix.csv"];

    private static Dictionary<string, string> Render(InventoryFixture fixture, int parallelism = 4)
    {
        var build = TestRender.Build(fixture.Root, parallelism);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return build.Files.Where(f => Shared.Contains(f.Path)).ToDictionary(f => f.Path, f => f.ContentAsText);
    }

    private static InventoryFixture Fixture() => new InventoryFixture()
        .With("services.yaml", "keycloak: { on: svc-01 }\ntraefik: { on: svc-01 }\nopen-webui: { on: svc-01 }\nguacamole: { on: svc-01 }\ngitlab: { on: svc-01 }\n")
        .With("roles.yaml", "developer:\n  flavor: small\n  local: [ollama]\n  access: { open-webui: user, gitlab: editor }\n  rate_limits: { default: 60 }\n");

    [Fact]
    public void Should_Change_Only_The_New_Users_Lines_When_A_User_Is_Added()
    {
        using var fixture = Fixture();
        var before = Render(fixture);
        fixture.With("users/bert.yaml", fixture.Read("users/bob.yaml").Replace("Bob Example", "Bert Example", StringComparison.Ordinal).Replace("bob@", "bert@", StringComparison.Ordinal));
        var after = Render(fixture);
        Assert.Equal(Shared.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, text) in after)
        {
            var old = before[path].Split('\n').ToList();
            var removed = old.Except(text.Split('\n')).Where(l => l.Trim() is not ("}" or "]")).ToList();
            Assert.True(removed.Count == 0, $"{path} lost lines: {string.Join(" | ", removed)}");
            var added = text.Split('\n').Except(old).ToList();
            Assert.True(path == "traefik/dynamic.yml" ? added.Count == 0 : added.Any(l => l.Contains("bert", StringComparison.Ordinal)),
                $"{path}: unexpected additions {string.Join(" | ", added)}");
        }
    }

    [Fact]
    public void Should_Render_The_Same_Bytes_Sequentially_And_In_Parallel()
    {
        using var fixture = Fixture();
        Assert.Equal(Render(fixture, 1), Render(fixture, 8));
    }
}
