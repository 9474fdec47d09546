using System.Runtime;
using Werkbank.Pipeline;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Rendering;

// Alone: the GC's latency mode is the process's, and another test's render could be in a region.
[CollectionDefinition(nameof(QuietHeapTests), DisableParallelization = true)]
public sealed class QuietHeapCollection;

[Collection(nameof(QuietHeapTests))]
public sealed class QuietHeapTests
{
    private const long MiB = 1024 * 1024;
    private const long Plenty = 64L * 1024 * MiB;

    [Fact]
    public void Budget_Grows_Linearly_With_The_Users()
    {
        var none = QuietHeap.BudgetFor(0, Plenty);
        var perUser = (QuietHeap.BudgetFor(10_000, Plenty) - none) / 10_000;

        Assert.Equal(none + (50_000 * perUser), QuietHeap.BudgetFor(50_000, Plenty));
        // A render allocates ~48 KB per user (WERKBANK_TIMINGS=1 at 10,000 and 50,000 users); the budget is
        // split between the GC's heaps, which the threads do not fill evenly.
        Assert.InRange(perUser, 72 * 1024, 128 * 1024);
    }

    [Fact]
    public void Budget_Is_At_Most_Half_Of_The_Memory_The_GC_May_Use()
    {
        Assert.Equal(2L * 1024 * MiB, QuietHeap.BudgetFor(1_000_000, 4L * 1024 * MiB));
        Assert.Equal(32 * MiB, QuietHeap.BudgetFor(0, 64 * MiB));
    }

    [Fact]
    public void Does_Not_Start_A_Region_In_A_Process_With_A_Large_Heap()
    {
        // Starting a region collects the whole heap first: in a process that already holds a large one
        // (a test host) that would cost more than it saves.
        var large = new byte[128 * MiB];
        large[^1] = 1;
        using var fixture = new InventoryFixture();

        using (QuietHeap.For(fixture.Root))
        {
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }

        GC.KeepAlive(large);
    }
}
