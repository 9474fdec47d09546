using System.Diagnostics;

namespace Werkbank.Pipeline;

/// <summary>Phase timings on stderr when WERKBANK_TIMINGS=1 (=gc: and every collection): where a slow render spends its time.</summary>
public static class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WERKBANK_TIMINGS") is "1" or "gc";

    private static readonly bool Collections = Environment.GetEnvironmentVariable("WERKBANK_TIMINGS") == "gc";

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

    /// <summary>
    /// WERKBANK_TIMINGS=gc: one line per collection (polled: two collections within a millisecond show as
    /// one), with the sizes of the generations before it, which say what made it due.
    /// </summary>
    private static void WatchCollections()
    {
        long seen = 0;
        while (true)
        {
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != seen)
            {
                seen = info.Index;
                var g = info.GenerationInfo;
                Console.Error.WriteLine(
                    $"[gc] #{info.Index} gen{info.Generation}{(info.Compacted ? " compacting" : "")} at {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F0} ms: pause {info.PauseDurations[0].TotalMilliseconds:F0} ms, promoted {info.PromotedBytes >> 20} MiB, heap {info.HeapSizeBytes >> 20} MiB; before gen0 {g[0].SizeBeforeBytes >> 20} gen1 {g[1].SizeBeforeBytes >> 20} gen2 {g[2].SizeBeforeBytes >> 20} loh {g[3].SizeBeforeBytes >> 20} poh {g[4].SizeBeforeBytes >> 20} MiB");
            }

            Thread.Sleep(1);
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
            if (Collections)
            {
                new Thread(WatchCollections) { IsBackground = true }.Start();
            }

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
