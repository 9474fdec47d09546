using System.Diagnostics;

namespace Werkbank.Pipeline;

/// <summary>Phase timings on stderr when WERKBANK_TIMINGS=1: where a slow render spends its time.</summary>
public static class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WERKBANK_TIMINGS") == "1";

    private static int started;

    /// <summary>The whole run so far, at the end of a command (the rest is the runtime shutting down).</summary>
    public static void Done()
    {
        if (Enabled)
        {
            Console.Error.WriteLine($"[timing] process start to end of command: {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms (CPU {Environment.CpuUsage.TotalTime.TotalMilliseconds:F0} ms)");
            Console.Error.WriteLine($"[timing] collections: gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; pauses {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms");
        }
    }

    public static T Measure<T>(string phase, Func<T> work)
    {
        if (!Enabled)
        {
            return work();
        }

        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            // Starting the runtime, the command line and the templates: everything before the first phase.
            Console.Error.WriteLine($"[timing] process start to first phase: {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms (CPU {Environment.CpuUsage.TotalTime.TotalMilliseconds:F0} ms)");
        }

        var watch = Stopwatch.StartNew();
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetTotalAllocatedBytes();
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var cpu = Environment.CpuUsage.TotalTime;
        var result = work();
        // Phases overlap when targets run in parallel: GC figures are process-wide over the phase.
        Console.Error.WriteLine(
            $"[timing] {phase}: {watch.ElapsedMilliseconds} ms from {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds - watch.ElapsedMilliseconds:F0} ms (CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:F0} ms, GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms, " +
            $"allocated {(GC.GetTotalAllocatedBytes() - allocated) >> 20} MiB, JIT {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:F0} ms)");
        return result;
    }
}
