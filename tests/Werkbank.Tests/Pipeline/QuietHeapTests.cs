using System.Runtime;
using Werkbank.Pipeline;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Rendering;

// Alone: the GC's latency mode is the process's, and another test's render could be in a region.
[CollectionDefinition(nameof(QuietHeapTests), DisableParallelization = true)]
public sealed class QuietHeapCollection;

/// <summary>The no-GC region of a render (a native render that shows it holding: NativeBuildTests).</summary>
[Collection(nameof(QuietHeapTests))]
public sealed class QuietHeapTests
{
    private const long MiB = 1024 * 1024;
    private const long Plenty = 64L * 1024 * MiB;

    [Fact]
    public void Budget_Covers_What_A_Render_Allocates_Per_User_With_Room_For_Uneven_Heaps()
    {
        // A render allocates ~48 KB per user (WERKBANK_TIMINGS=1 at 10,000 and 50,000 users); the small-object
        // budget is split between the GC's heaps, which the threads do not fill evenly.
        var (total, large) = QuietHeap.BudgetFor(50_000, Plenty);
        var smallPerUser = (total - large) / 50_000;
        Assert.InRange(smallPerUser, 72 * 1024, 128 * 1024);
    }

    [Fact]
    public void Budget_Keeps_Most_Of_It_For_Small_Objects_And_Stays_Within_Half_Of_The_Memory()
    {
        var (total, large) = QuietHeap.BudgetFor(10_000, Plenty);
        Assert.InRange(large, total / 10, total / 5);

        Assert.Equal(2L * 1024 * MiB, QuietHeap.BudgetFor(1_000_000, 4L * 1024 * MiB).Total);
        Assert.Equal(32 * MiB, QuietHeap.BudgetFor(0, 64 * MiB).Total);
    }

    [Theory]
    [InlineData(0, 0, true)] // a command's process that has not collected yet
    [InlineData(0, 900 * MiB, true)] // the size after the last collection means nothing without one
    [InlineData(3, 20 * MiB, true)]
    [InlineData(3, 64 * MiB, true)]
    [InlineData(3, 65 * MiB, false)] // a process holding a large heap: the first collection would cost more than the region saves
    public void Starts_In_A_Fresh_Process_Or_On_A_Small_Heap(int collections, long heap, bool starts) =>
        Assert.Equal(starts, QuietHeap.ShouldStart(collections, heap));

    [Fact]
    public void Does_Not_Start_A_Region_In_A_Process_With_A_Large_Heap()
    {
        var large = new byte[128 * MiB];
        large[^1] = 1;
        GC.Collect(); // the heap as of the last collection is what decides
        using var fixture = new InventoryFixture();

        using (var quiet = QuietHeap.For(fixture.Root))
        {
            Assert.Null(quiet);
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }

        GC.KeepAlive(large);
    }
}
