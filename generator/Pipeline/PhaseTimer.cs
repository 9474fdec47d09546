using System.Diagnostics;

namespace Werkbank.Pipeline;

/// <summary>Phase timings on stderr when WERKBANK_TIMINGS=1: where a slow render spends its time.</summary>
public static class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WERKBANK_TIMINGS") == "1";

    public static T Measure<T>(string phase, Func<T> work)
    {
        if (!Enabled)
        {
            return work();
        }

        var watch = Stopwatch.StartNew();
        var result = work();
        Console.Error.WriteLine($"[timing] {phase}: {watch.ElapsedMilliseconds} ms");
        return result;
    }
}
