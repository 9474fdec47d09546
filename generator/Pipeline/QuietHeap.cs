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
/// user at 1,000 to 50,000 users. Only memory the render touches is resident, so a generous budget costs
/// address space, not RAM. If more is allocated than asked for, the GC simply collects again; nothing
/// depends on the region holding.
/// </para>
/// </summary>
internal sealed class QuietHeap : IDisposable
{
    private const long Base = 64L * 1024 * 1024;

    // ~1.7 times what a render allocates per user: the budget is split evenly between the GC's heaps
    // (one per core), and the threads do not allocate evenly.
    private const long PerUser = 80L * 1024;

    // Starting a region collects first, which is cheap only while the heap is small: at a command's
    // start, not in a process that already holds a large heap (a test host running renders side by side).
    private const long LargestHeapToStartFrom = 64L * 1024 * 1024;

    private readonly bool started;

    private QuietHeap(bool started) => this.started = started;

    /// <summary>A quiet heap for compiling and rendering the inventory at <paramref name="inventoryRoot"/>.</summary>
    public static QuietHeap For(string inventoryRoot) => Start(BudgetFor(CountUsers(inventoryRoot), AvailableMemory()));

    /// <summary>
    /// The region's size for <paramref name="users"/> users, at most half of the memory the GC may use
    /// (a no-GC region that is larger than the machine could not be kept anyway).
    /// </summary>
    internal static long BudgetFor(int users, long availableMemory) => Math.Min(Base + (users * PerUser), availableMemory / 2);

    private static QuietHeap Start(long budget)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) > LargestHeapToStartFrom)
        {
            return new QuietHeap(false);
        }

        try
        {
            return new QuietHeap(GC.TryStartNoGCRegion(budget));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return new QuietHeap(false); // already in a region (compiles in parallel, as tests do), or a GC that cannot give that much
        }
    }

    private static long AvailableMemory() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The user files the loader will read (a cheap listing: the loader reports what is wrong with them).</summary>
    private static int CountUsers(string inventoryRoot)
    {
        try
        {
            return Directory.EnumerateFiles(Path.Combine(inventoryRoot, InventoryFiles.UsersFolder), "*.yaml").Count();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Dispose()
    {
        if (!started || System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion)
        {
            return; // the budget ran out and the GC collected: the region has ended by itself
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
