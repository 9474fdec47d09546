using Werkbank.Inventory;

namespace Werkbank.Pipeline;

/// <summary>
/// Asks the GC not to collect while an inventory is compiled and rendered (a no-GC region). Nearly
/// everything a render allocates is still in use when out/ is written (the model, the files, the
/// manifest), so a collection before then finds little garbage and copies what it keeps from generation
/// to generation: at 50,000 users ten collections paused a render for ~1 s of its ~8 s, and a
/// 10,000-user render sometimes ran one of ~0.14 s at its very end, when the gen0 budget ran out.
/// <para>
/// The region is sized from the number of users (<see cref="BudgetFor"/>); a render allocates ~48 KB per
/// user at 10,000 and at 50,000 users. The GC commits the region when it starts, but memory that is
/// committed and never touched is not resident: peak RSS is what the render uses. If more is allocated
/// than asked for, the GC simply collects again (one long collection: `WERKBANK_TIMINGS=1` counts them);
/// nothing depends on the region holding.
/// </para>
/// </summary>
internal sealed class QuietHeap : IDisposable
{
    private const long Base = 64L * 1024 * 1024;

    // ~1.7 times what a render allocates per user: the budget is split evenly between the GC's heaps
    // (one per core), and the threads do not allocate evenly.
    private const long PerUser = 80L * 1024;

    // Starting a region collects first, which is cheap only while little is alive: in a command's
    // process, not in one that already holds a large heap (a test host running renders side by side).
    private const long LargestHeapToStartFrom = 64L * 1024 * 1024;

    // The region is the process's: only the one that started it ends it (another may have started since this one ran out).
    private static QuietHeap? current;

    private QuietHeap()
    {
    }

    /// <summary>A quiet heap for compiling and rendering the inventory at <paramref name="inventoryRoot"/>.</summary>
    public static QuietHeap? For(string inventoryRoot)
    {
        var info = GC.GetGCMemoryInfo();
        return ShouldStart(GC.CollectionCount(0), info.HeapSizeBytes)
            ? Start(BudgetFor(CountUsers(inventoryRoot), info.TotalAvailableMemoryBytes))
            : null;
    }

    /// <summary>
    /// Whether to start: in a process that has not collected yet (a command that has just begun: what it
    /// read so far is mostly garbage), or whose heap was small after its last collection.
    /// </summary>
    internal static bool ShouldStart(int collectionsSoFar, long heapAfterLastCollection) =>
        collectionsSoFar == 0 || heapAfterLastCollection <= LargestHeapToStartFrom;

    /// <summary>
    /// The region for <paramref name="users"/> users: the small-object part from the users, an eighth
    /// more for large objects (from 4 MiB: the ledger's text at 50,000 users), all of it at most half of
    /// the memory the GC may use (a region larger than the machine could not be kept anyway).
    /// </summary>
    internal static (long Total, long LargeObjects) BudgetFor(int users, long availableMemory)
    {
        var small = Base + (users * PerUser);
        var total = Math.Min(small + (small / 8), availableMemory / 2);
        return (total, total / 9);
    }

    private static QuietHeap? Start((long Total, long LargeObjects) budget)
    {
        try
        {
            if (!GC.TryStartNoGCRegion(budget.Total, budget.LargeObjects))
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null; // already in a region (compiles in parallel, as tests do), or a GC that cannot give that much
        }

        var started = new QuietHeap();
        Volatile.Write(ref current, started);
        return started;
    }

    private static int CountUsers(string inventoryRoot)
    {
        try
        {
            // A listing only: the loader reports what is wrong with the files.
            return Directory.EnumerateFiles(Path.Combine(inventoryRoot, InventoryFiles.UsersFolder), "*.yaml").Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref current, null, this) != this
            || System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion)
        {
            return; // another's region, or the budget ran out and the GC collected: the region has ended by itself
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // Another thread's allocations ended the region between the check and here.
        }
    }
}
