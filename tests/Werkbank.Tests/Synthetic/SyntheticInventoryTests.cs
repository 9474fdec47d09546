using Spectre.Console.Testing;
using Werkbank.Cli;
using Werkbank.Model;
using Werkbank.Pipeline;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Synthetic;

/// <summary>The one generator of synthetic inventories: valid for the current rules in every mode it offers, and deterministic.</summary>
public sealed class SyntheticInventoryTests
{
    private static PlatformModel Compile(string root)
    {
        var compilation = Compiler.Compile(root);
        Assert.True(compilation.Model is not null && !compilation.Diagnostics.Any(d => d.IsError),
            string.Join("\n", compilation.Diagnostics.Select(d => d.Format(root))));
        return compilation.Model;
    }

    [Fact]
    public void Should_Write_A_Valid_Inventory_With_Kong_Through_The_Synth_Command()
    {
        using var temp = new TempDir("werkbank-synth-");
        var root = temp.Combine("inventory");
        var console = new TestConsole();
        Assert.Equal(0, App.Run(["synth", "--users", "120", "--out", root, "--gateway", "kong"], console));
        var model = Compile(root);
        Assert.Equal(120, model.Users.Length);
        Assert.Equal(GatewayKind.Kong, model.Platform.Gateway);
        Assert.False(model.HasService("traefik"));
        Assert.NotEqual(0, App.Run(["synth", "--users", "10", "--out", root], new TestConsole())); // exists already
    }

    [Theory]
    [InlineData("traefik", "collection-per-team", false)]
    [InlineData("kong", "shared-collection", true)]
    public void Should_Write_A_Valid_Inventory_With_Every_Kind_Of_User(string gateway, string tenancy, bool awkward)
    {
        using var temp = new TempDir("werkbank-synth-");
        new SyntheticInventory { Users = 300, UsersPerTeam = 50, Gateway = gateway, Tenancy = tenancy, AwkwardNames = awkward, SuspendedShare = 0.05, RemovedShare = 0.05 }
            .WriteTo(temp.Path);
        var model = Compile(temp.Path);
        Assert.Equal(6, model.Teams.Length);
        Assert.Equal(tenancy, model.Platform.Qdrant.Tenancy);
        Assert.Contains(model.Users, u => u.State == UserState.Suspended);
        Assert.Contains(model.Users, u => u.State == UserState.Removed);
        Assert.Contains(model.Users, u => u.Gpus > 0);
        Assert.All(model.Teams, t => Assert.NotEmpty(t.Collections));
        Assert.Equal(awkward, model.Users.Any(u => u.FullName.Contains('"', StringComparison.Ordinal)));
    }

    [Fact]
    public void Should_Write_The_Same_Files_For_The_Same_Seed()
    {
        using var first = new TempDir("werkbank-synth-");
        using var second = new TempDir("werkbank-synth-");
        new SyntheticInventory { Users = 80, Seed = 7 }.WriteTo(first.Path);
        new SyntheticInventory { Users = 80, Seed = 7 }.WriteTo(second.Path);
        var files = Directory.GetFiles(first.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first.Path, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Directory.GetFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(File.ReadAllText(Path.Combine(first.Path, f)), File.ReadAllText(Path.Combine(second.Path, f))));
    }
}
