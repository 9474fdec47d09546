using Werkbank.Tests.Support;

namespace Werkbank.Tests.Cli;

/// <summary>
/// The native build (NativeAOT, published by .ci/publish-native; README, Performance) against this
/// build, command by command: the same arguments in folders of the same layout must give the same exit
/// code, the same output and the same files, byte for byte. Where the two could part is reflection that
/// the native build cannot do at run time: the YAML binder, the templates' view models, Spectre's
/// command settings, KubernetesClient's models, JSON metadata. So every document kind (the baselines and
/// all diagnostic cases), every target, a generated inventory at scale and each command run here.
/// </summary>
public sealed class NativeBuildTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPHEth/70iZrGUmI9Ia3ESYxacgHMudp9KYIXxBH7GPX jdoe@laptop";

    private static string NativeBinary => ExternalTool.Require(Repo.Path(".work", "native", "bin", "werkbank"), "run .ci/publish-native");

    public static TheoryData<string> Baselines() => [.. Directory.EnumerateDirectories(Repo.Path("tests", "Baselines"))
        .Where(d => Directory.Exists(Path.Combine(d, "inventory"))).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> DiagnosticCases() => [.. Directory.EnumerateDirectories(Repo.Path("tests", "Diagnostics"))
        .Select(d => Path.GetFileName(d)).Where(d => !d.StartsWith('_')).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Baselines))]
    public void Should_Render_Each_Baseline_As_The_Managed_Build_Does(string name)
    {
        using var twin = new Twin(root => TempDir.CopyTree(Repo.Path("tests", "Baselines", name, "inventory"), Path.Combine(root, "inventory")));
        twin.Run("render", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates);
        twin.AssertSameFiles("out");
        twin.AssertSameFiles("inventory"); // the allocation ledger
    }

    [Theory]
    [MemberData(nameof(DiagnosticCases))]
    public void Should_Report_Each_Diagnostic_Case_As_The_Managed_Build_Does(string name)
    {
        using var fixture = new InventoryFixture();
        fixture.ApplyCase(Repo.Path("tests", "Diagnostics", name));
        var native = ExternalTool.Run(NativeBinary, ["validate", "--inventory", fixture.Root]);
        var managed = CliProcess.Run(["validate", "--inventory", fixture.Root]);
        AssertSame(managed, native, "validate");
        Assert.Contains(name.Split('-')[0], native.StdOut + native.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Render_The_Example_Into_The_Committed_Out()
    {
        using var twin = new Twin(root => TempDir.CopyTree(Repo.ExampleInventory, Path.Combine(root, "inventory")));
        twin.Run("render", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates);
        twin.AssertSameFiles("out");
        Trees.AssertSame(Repo.Path("out"), Path.Combine(twin.NativeRoot, "out"));

        twin.Run("explain", "hschmidt", "--inventory", "inventory");
        twin.Run("audit", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates);
        twin.Run("render", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates); // the quick no-op path

        // Without --templates each build takes the templates published beside it.
        twin.Run("render", "--inventory", "inventory", "--out", "shipped");
        Trees.AssertSame(Repo.Path("out"), Path.Combine(twin.NativeRoot, "shipped"));
    }

    [Fact]
    public void Should_Add_Suspend_And_Plan_As_The_Managed_Build_Does()
    {
        using var twin = new Twin(root =>
        {
            TempDir.CopyTree(Repo.Path("tests", "Plans", "add-user", "base"), Path.Combine(root, "inventory"));
            TempDir.CopyTree(Repo.Path("tests", "Plans", "add-user", "base"), Path.Combine(root, "base"));
        });
        string[] common = ["--inventory", "inventory", "--out", "out", "--templates", Repo.Templates];
        twin.Run(["new-user", "--username", "jdoe", "--full-name", "Jane Doe", "--email", "jdoe@tiny.example", "--role", "developer",
            "--teams", "data-science", "--ssh-key", Key, "--yes", .. common]);
        twin.Run(["suspend-user", "alice", "--yes", .. common]);
        twin.AssertSameFiles("inventory");
        twin.AssertSameFiles("out");
        twin.Run(["plan", "--base-inventory", "base", .. common]);
    }

    [Fact]
    public void Should_Generate_And_Render_A_Large_Inventory_As_The_Managed_Build_Does()
    {
        using var twin = new Twin(_ => { });
        twin.Run("synth", "--users", "3000", "--out", "inventory");
        twin.AssertSameFiles("inventory");
        twin.Run("render", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates);
        twin.AssertSameFiles("out");
        twin.AssertSameFiles("inventory");
    }

    [Fact]
    public void Should_Render_Without_A_Collection_After_The_Quiet_Heap_Starts()
    {
        // The render's no-GC region (Pipeline/QuietHeap) starts with the one collection it needs, and its
        // budget holds: exactly one collection of each generation. None would mean it never started.
        using var temp = new TempDir("werkbank-quiet-");
        Assert.Equal(0, ExternalTool.Run(NativeBinary, ["synth", "--users", "2000", "--out", "inventory"], temp.Path).ExitCode);

        var render = ExternalTool.Run(NativeBinary, ["render", "--inventory", "inventory", "--out", "out", "--templates", Repo.Templates],
            temp.Path, new Dictionary<string, string> { ["WERKBANK_TIMINGS"] = "1" });

        Assert.True(render.ExitCode == 0, render.Output);
        Assert.Contains("[timing] collections: gen0 1, gen1 1, gen2 1;", render.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_Schema_With_The_Managed_Command_And_Print_The_Same_Help()
    {
        // NJsonSchema binds through C# dynamic, which needs code made at run time: the native build says so instead of failing inside.
        using var twin = new Twin(_ => { });
        var schema = ExternalTool.Run(NativeBinary, ["schema", "--out", "schema"], twin.NativeRoot);
        Assert.True(schema.ExitCode == 2, schema.Output);
        Assert.Contains("dotnet run --project generator -- schema", schema.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(twin.NativeRoot, "schema")));
        twin.Run("--help");
        twin.RunExpecting(2, "render", "--no-such-option");
    }

    private static void AssertSame(ExternalTool.Result managed, ExternalTool.Result native, string what)
    {
        Assert.True(managed.ExitCode == native.ExitCode, $"{what}: exit {native.ExitCode} (native) against {managed.ExitCode}\n{native.Output}");
        Assert.Equal(managed.StdOut, native.StdOut);
        Assert.Equal(managed.StdErr, native.StdErr);
    }

    /// <summary>Two folders made alike; each command runs natively in one and managed in the other, with relative paths, so that the outputs can be compared as they are.</summary>
    private sealed class Twin : IDisposable
    {
        private readonly TempDir temp = new("werkbank-native-");

        public Twin(Action<string> setUp)
        {
            Directory.CreateDirectory(NativeRoot);
            Directory.CreateDirectory(ManagedRoot);
            setUp(NativeRoot);
            setUp(ManagedRoot);
        }

        public string NativeRoot => temp.Combine("native");

        private string ManagedRoot => temp.Combine("managed");

        /// <summary>Runs a command that must succeed in both builds, with the same output.</summary>
        public void Run(params string[] args) => RunExpecting(0, args);

        public void RunExpecting(int exitCode, params string[] args)
        {
            var managed = CliProcess.Run(args, workingDirectory: ManagedRoot);
            var native = ExternalTool.Run(NativeBinary, args, NativeRoot);
            AssertSame(managed, native, string.Join(' ', args));
            Assert.True(native.ExitCode == exitCode, $"{string.Join(' ', args)}: exit {native.ExitCode}, expected {exitCode}\n{native.Output}");
        }

        public void AssertSameFiles(string folder) => Trees.AssertSame(Path.Combine(ManagedRoot, folder), Path.Combine(NativeRoot, folder));

        public void Dispose() => temp.Dispose();
    }
}
