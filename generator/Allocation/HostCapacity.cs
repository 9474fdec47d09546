using System.Globalization;
using Werkbank.Model;

namespace Werkbank.Allocation;

/// <summary>What a VM asks of a host.</summary>
public sealed record VmSize(int Cores, int MemoryGib, int Gpus)
{
    public static VmSize Of(UserModel user) => new(user.Flavor.Cores, user.Flavor.MemoryGib, user.Gpus);

    public override string ToString() => Describe(Cores, MemoryGib, Gpus);

    internal static string Describe(double cores, double memoryGib, int gpus) => string.Create(
        CultureInfo.InvariantCulture,
        $"{cores:0.##} cores, {memoryGib:0.##} GiB memory, {gpus} GPU{(gpus == 1 ? string.Empty : "s")}");
}

/// <summary>
/// One Proxmox host during placement: capacity is cores x cpu overcommit and memory x memory
/// overcommit; GPUs are whole PCI devices. Mutable, used by one placement run only.
/// </summary>
public sealed class HostCapacity(HostModel host)
{
    private readonly SortedSet<string> freeGpus = new(host.Gpus.Select(g => g.Pci), StringComparer.Ordinal);
    private readonly Dictionary<string, int> teamVms = new(StringComparer.Ordinal);

    public HostModel Host { get; } = host;

    public string Name => Host.Name;

    public double CoreCapacity => Host.Cores * Host.CpuOvercommit;

    public double MemoryCapacity => Host.MemoryGib * Host.MemoryOvercommit;

    public double UsedCores { get; private set; }

    public double UsedMemory { get; private set; }

    public int FreeGpuCount => freeGpus.Count;

    public int Vms { get; private set; }

    public bool Fits(VmSize size) =>
        UsedCores + size.Cores <= CoreCapacity + 1e-9 && UsedMemory + size.MemoryGib <= MemoryCapacity + 1e-9 && freeGpus.Count >= size.Gpus;

    /// <summary>Whether the given GPUs (already assigned in the ledger) are all still free here.</summary>
    public bool HasFree(IEnumerable<string> pcis) => pcis.All(freeGpus.Contains);

    /// <summary>Books the VM; keeps the <paramref name="keep"/> GPUs it already had and adds the lowest free PCI addresses.</summary>
    public IReadOnlyList<string> Take(VmSize size, IEnumerable<string> teams, IEnumerable<string> keep)
    {
        UsedCores += size.Cores;
        UsedMemory += size.MemoryGib;
        Vms++;
        foreach (var team in teams)
        {
            teamVms[team] = TeamVms(team) + 1;
        }

        var gpus = keep.Where(freeGpus.Contains).Order(StringComparer.Ordinal).Take(size.Gpus).ToList();
        gpus.AddRange(freeGpus.Except(gpus, StringComparer.Ordinal).Take(size.Gpus - gpus.Count));
        freeGpus.ExceptWith(gpus);
        return [.. gpus.Order(StringComparer.Ordinal)];
    }

    public int TeamVms(string team) => teamVms.GetValueOrDefault(team);

    /// <summary>The smaller of free cpu and free memory, as a fraction of capacity, after placing <paramref name="size"/>.</summary>
    public double HeadroomAfter(VmSize size) => Math.Min(
        CoreCapacity <= 0 ? 0 : (CoreCapacity - UsedCores - size.Cores) / CoreCapacity,
        MemoryCapacity <= 0 ? 0 : (MemoryCapacity - UsedMemory - size.MemoryGib) / MemoryCapacity);

    public string DescribeFree() =>
        $"{Name} has {VmSize.Describe(Math.Max(0, CoreCapacity - UsedCores), Math.Max(0, MemoryCapacity - UsedMemory), freeGpus.Count)} free";
}
