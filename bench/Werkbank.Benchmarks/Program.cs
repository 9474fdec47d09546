using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Werkbank.Benchmarks;

/// <summary>
/// Entry point: BenchmarkDotNet's command line (--filter, --job, --list flat, ...).
/// Without --job, every benchmark runs as a ShortRun (1 launch, 3 warmup and 3 measured iterations):
/// the phases take milliseconds to seconds each, so a full run stays at a few minutes.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // The tool runs without dynamic PGO (TieredPGO=false in generator/Generator.csproj); BenchmarkDotNet's
        // child processes get the same through the environment, whatever job the command line picks.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithEnvironmentVariable("DOTNET_TieredPGO", "0").AsMutator());

        // A job marked as default is BenchmarkDotNet's base job and would swallow --job: add it only without one.
        if (!args.Any(a => a is "-j" or "--job" || a.StartsWith("--job=", StringComparison.Ordinal)))
        {
            config = config.AddJob(Job.ShortRun.AsDefault());
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
