using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Synthetic;
using Werkbank.Targets;
using Werkbank.Targets.CloudInit;
using Werkbank.Targets.Proxmox;
using Werkbank.Templates;
using ManifestFile = Werkbank.Output.Manifest;
using ParseBackCheck = Werkbank.Output.ParseBack;

namespace Werkbank.Benchmarks;

/// <summary>
/// The in-process phases of a render, on a synthetic inventory of <see cref="Users"/> users (the one
/// `werkbank synth --users N` writes, seed 42): load, compile, render (one target, two targets, all of them),
/// parse-back and the manifest. Everything runs with parallelism 1, for stable figures on a small machine;
/// bench/run.sh measures whole processes (startup, writing out/, the real thread count).
/// Sizes: WERKBANK_BENCH_USERS, e.g. WERKBANK_BENCH_USERS=50000 or "1000 10000 50000" (default 1000 10000).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const string UsersVariable = "WERKBANK_BENCH_USERS";

    private string root = "";
    private TemplateSet? templates;
    private PlatformModel? model;
    private ImmutableArray<OutputFile> files = [];
    private string? ledgerSha256;

    /// <summary>The sizes, from <c>WERKBANK_BENCH_USERS</c> (numbers separated by spaces or commas) or 1,000 and 10,000.</summary>
    public static IEnumerable<int> UserCounts()
    {
        var text = Environment.GetEnvironmentVariable(UsersVariable);
        return string.IsNullOrWhiteSpace(text)
            ? [1000, 10000]
            : text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture));
    }

    [ParamsSource(nameof(UserCounts))]
    public int Users { get; set; }

    private string InventoryRoot => Path.Combine(root, "inventory");

    private PlatformModel Model => model ?? throw new InvalidOperationException("no model: the setup did not compile");

    private TemplateSet Templates => templates ??= new TemplateSet(LocateTemplates());

    [GlobalSetup(Targets = [nameof(Load), nameof(Compile)])]
    public void SetupInventory() => WriteInventory();

    [GlobalSetup(Targets = [nameof(RenderCloudInit), nameof(RenderProxmox), nameof(RenderAllTargets)])]
    public void SetupModel()
    {
        WriteInventory();
        _ = Templates;
    }

    [GlobalSetup(Targets = [nameof(ParseBack), nameof(Manifest)])]
    public void SetupFiles()
    {
        WriteInventory();
        var (rendered, diagnostics) = Renderer.Render(Model, Templates, parallelism: 1);
        if (diagnostics.Any(d => d.IsError))
        {
            throw new InvalidOperationException($"the synthetic inventory does not render: {diagnostics.First(d => d.IsError)}");
        }

        files = rendered;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (root.Length > 0 && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>YAML of every inventory file (with positions), the ledger included.</summary>
    [Benchmark]
    public InventorySet Load() => InventoryLoader.Load(InventoryRoot, new DiagnosticBag());

    /// <summary>Load, validate, resolve and allocate (against the ledger on disk, as in a repeated render).</summary>
    [Benchmark]
    public Compilation Compile() => Compiler.Compile(InventoryRoot);

    [Benchmark]
    public OutputSink RenderCloudInit() => RenderTargets(TargetRegistry.All.OfType<CloudInitTarget>());

    [Benchmark]
    public OutputSink RenderProxmox() => RenderTargets(TargetRegistry.All.OfType<ProxmoxTarget>());

    /// <summary>Every target, one after the other (Renderer.Render is this plus <see cref="ParseBack"/>).</summary>
    [Benchmark]
    public OutputSink RenderAllTargets() => RenderTargets(TargetRegistry.All);

    /// <summary>Parses every structured file of a full render back (JSON, YAML, XML), one thread.</summary>
    [Benchmark]
    public IReadOnlyList<Diagnostic> ParseBack() => ParseBackCheck.Check(files, parallelism: 1);

    /// <summary>
    /// manifest.json of a full render: the sha256 of every file and the JSON text. The files are fresh copies
    /// (same bytes), because an <see cref="OutputFile"/> keeps its hash once computed.
    /// </summary>
    [Benchmark]
    public OutputFile Manifest() =>
        ManifestFile.For([.. files.Select(f => new OutputFile(f.Path, f.Content, f.Sources))], ledgerSha256).ToFile();

    private OutputSink RenderTargets(IEnumerable<ITarget> targets)
    {
        var context = new RenderContext(Model, Templates) { Parallelism = 1 };
        var sink = new OutputSink();
        foreach (var target in targets)
        {
            target.Render(context, sink);
        }

        return sink;
    }

    /// <summary>
    /// Writes the synthetic inventory into a new temporary folder, compiles it once and writes its allocation
    /// ledger beside it, as the first render does: every benchmark sees the steady state of a repeated render.
    /// </summary>
    private void WriteInventory()
    {
        root = Path.Combine(Path.GetTempPath(), $"werkbank-bench-{Users}-{Guid.NewGuid():N}");
        new SyntheticInventory { Users = Users, Seed = 42 }.WriteTo(InventoryRoot);
        var compilation = Compiler.Compile(InventoryRoot);
        if (compilation.Model is null || compilation.Ledger is null)
        {
            throw new InvalidOperationException($"the synthetic inventory does not compile: {compilation.Diagnostics.FirstOrDefault(d => d.IsError)}");
        }

        File.WriteAllBytes(Path.Combine(InventoryRoot, InventoryFiles.Ledger), compilation.Ledger);
        ledgerSha256 = new CompanionFile(Path.Combine(InventoryRoot, InventoryFiles.Ledger), compilation.Ledger).Sha256;
        model = compilation.Model;
    }

    /// <summary>The templates shipped next to the binary (generator/Generator.csproj copies them to every referencing output).</summary>
    private static string LocateTemplates()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "templates");
        return Directory.Exists(shipped)
            ? shipped
            : throw new DirectoryNotFoundException($"no templates folder at {shipped}");
    }
}
