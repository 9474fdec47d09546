using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets;

/// <summary>Adding one user touches only the lines that list them in the shared service, DNS and overview files.</summary>
public sealed class LocalityTests
{
    private const string NewUser = """
        full_name: Quinn Newcomer
        email: quinn@acme.example
        role: analyst
        ssh_keys:
          - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPHEth/70iZrGUmI9Ia3ESYxacgHMudp9KYIXxBH7GPX quinn@laptop
        """;

    [Fact]
    public void Should_Change_Only_The_New_Users_Lines_In_Dns_And_The_Overview()
    {
        using var fixture = new InventoryFixture(Repo.ExampleInventory);
        var before = TestRender.Build(fixture.Root).Files.ToDictionary(f => f.Path, f => f.ContentAsText);
        fixture.With("users/qnewcomer.yaml", NewUser);
        var build = TestRender.Build(fixture.Root);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        var after = build.Files.ToDictionary(f => f.Path, f => f.ContentAsText);

        var zone = Changed(before["dns/acme.internal.zone"], after["dns/acme.internal.zone"]);
        Assert.Single(zone.Added, l => l.StartsWith("qnewcomer-ws IN A ", StringComparison.Ordinal));
        Assert.All(zone.Removed, l => Assert.Contains("IN SOA", l, StringComparison.Ordinal));
        Assert.Equal(2, zone.Added.Count);

        var dnsmasq = Changed(before["dns/dnsmasq.conf"], after["dns/dnsmasq.conf"]);
        Assert.StartsWith("host-record=qnewcomer-ws.acme.internal,", Assert.Single(dnsmasq.Added), StringComparison.Ordinal);
        Assert.Empty(dnsmasq.Removed);

        var readme = Changed(before["README.md"], after["README.md"]);
        Assert.Single(readme.Added, l => l.Contains("v_qnewcomer[", StringComparison.Ordinal));
        Assert.All(readme.Removed, l => Assert.StartsWith("| user", l, StringComparison.Ordinal));

        foreach (var path in before.Keys.Where(p => p.StartsWith("compose/", StringComparison.Ordinal) || p.StartsWith("helm/", StringComparison.Ordinal)))
        {
            Assert.Equal(before[path], after[path]);
        }
    }

    private static (List<string> Added, List<string> Removed) Changed(string before, string after)
    {
        var old = before.Split('\n').ToList();
        var now = after.Split('\n').ToList();
        return ([.. now.Where(l => !old.Contains(l))], [.. old.Where(l => !now.Contains(l))]);
    }
}
