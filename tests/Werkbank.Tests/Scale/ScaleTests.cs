using System.Collections.Immutable;
using Werkbank.Inventory;
using Werkbank.Output;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Scale;

/// <summary>
/// The determinism and locality laws at scale: a generated inventory of 5,000 users, rendered with
/// parallelism on (issue 8). Slow (a minute or so), so one class shares the renders.
/// </summary>
public sealed class ScaleTests : IClassFixture<ScaleTests.FiveThousand>
{
    private readonly FiveThousand scale;

    public ScaleTests(FiveThousand scale) => this.scale = scale;

    /// <summary>One generated inventory, rendered once with 4 threads (which also writes its ledger).</summary>
    public sealed class FiveThousand : IDisposable
    {
        public FiveThousand()
        {
            Synthetic.WriteTo(Inventory);
            Parallel = TestRender.BuildAndKeepLedger(Inventory, parallelism: 4).Files;
        }

        public TempDir Temp { get; } = new("werkbank-scale-");

        public SyntheticInventory Synthetic { get; } = new() { Users = 5000, UsersPerTeam = 100, SpareUsers = 2 };

        public string Inventory => Temp.Combine("inventory");

        public ImmutableArray<OutputFile> Parallel { get; }

        public void Dispose() => Temp.Dispose();
    }

    [Fact]
    public void Should_Render_The_Same_Bytes_Sequentially_And_In_Parallel_At_5000_Users()
    {
        var sequential = TestRender.Build(scale.Inventory, parallelism: 1);
        Assert.False(sequential.HasErrors);
        Assert.Equal(scale.Parallel.Length, sequential.Files.Length);
        for (var i = 0; i < sequential.Files.Length; i++)
        {
            Assert.Equal(scale.Parallel[i].Path, sequential.Files[i].Path);
            Assert.True(scale.Parallel[i].Sha256 == sequential.Files[i].Sha256, $"{sequential.Files[i].Path} differs between 1 and 4 threads");
        }
    }

    /// <summary>
    /// Locality, stated through provenance: when one user is added, every file that changes (or appears)
    /// names that user among its sources; every other file keeps its bytes.
    /// </summary>
    [Fact]
    public void Should_Change_Only_Files_That_List_The_Added_User_At_5000_Users()
    {
        using var temp = new TempDir("werkbank-scale-add-");
        var inventory = temp.Combine("inventory");
        TempDir.CopyTree(scale.Inventory, inventory);
        var newcomer = SyntheticInventory.UserName(scale.Synthetic.Users);
        File.WriteAllText(Path.Combine(inventory, InventoryFiles.UserFile(newcomer)), scale.Synthetic.UserYaml(scale.Synthetic.Users, new Random(7)));

        var after = TestRender.Build(inventory, parallelism: 4);
        Assert.False(after.HasErrors, string.Join("\n", after.Diagnostics.Select(d => d.Format("inventory"))));
        var before = scale.Parallel.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        var changed = after.Files.Where(f => !before.TryGetValue(f.Path, out var sha) || sha != f.Sha256).ToList();
        Assert.NotEmpty(changed);
        var strangers = changed.Where(f => !f.Sources.Contains(Source.User(newcomer))).Select(f => f.Path).ToList();
        Assert.True(strangers.Count == 0, "changed without naming the new user as a source: " + string.Join(", ", strangers.Take(20)));
        Assert.True(after.Files.Length >= scale.Parallel.Length, "adding a user removed files");
    }
}
