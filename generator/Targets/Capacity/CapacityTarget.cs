using System.Globalization;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Capacity;

/// <summary>
/// out/reports/capacity.md: per Proxmox host, the VMs placed there (active and suspended: a stopped VM
/// keeps its place) and their cores, memory and GPUs against the host's capacity after overcommit.
/// </summary>
public sealed class CapacityTarget : ITarget
{
    public string Name => "capacity";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var placed = model.PresentUsers.Where(u => u.Allocation is not null).ToLookup(u => u.Allocation!.Host, StringComparer.Ordinal);
        var hosts = model.Hosts.Where(h => h.Kind == HostKind.Proxmox).Select(h => Row(h, [.. placed[h.Name]])).ToList();
        var gpus = model.PresentUsers.Where(u => u.Allocation is { GpuPcis.Length: > 0 })
            .SelectMany(u => u.Allocation!.GpuPcis.Select(pci => new GpuView(u.Allocation.Host, pci, ModelOf(model, u.Allocation.Host, pci), u.Name)))
            .OrderBy(g => g.Host, StringComparer.Ordinal).ThenBy(g => g.Pci, StringComparer.Ordinal)
            .ToList();
        var view = new CapacityView(
            model.Platform.Name,
            hosts,
            gpus,
            model.PresentUsers.Count(u => u.State == UserState.Active),
            model.PresentUsers.Count(u => u.State == UserState.Suspended),
            model.Tombstones.Length);
        // Every VM counts against its host, so every user with a VM is a source of the report.
        var sources = new[] { Source.Ledger, Source.Platform }.Concat(model.Hosts.Where(h => h.Kind == HostKind.Proxmox).Select(h => Source.Host(h.Name)))
            .Concat(model.PresentUsers.Select(u => Source.User(u.Name)));
        output.Add(context.Templates.RenderFile("reports/capacity.md", "capacity/capacity.md.sbn", view, sources));
    }

    private static string ModelOf(PlatformModel model, string host, string pci) =>
        model.Host(host).Gpus.FirstOrDefault(g => g.Pci == pci)?.Model ?? "?";

    private static HostView Row(HostModel host, IReadOnlyList<UserModel> users)
    {
        var cores = users.Sum(u => u.Flavor.Cores);
        var memory = users.Sum(u => u.Flavor.MemoryGib);
        var gpus = users.Sum(u => u.Allocation!.GpuPcis.Length);
        var coreCapacity = host.Cores * host.CpuOvercommit;
        var memoryCapacity = host.MemoryGib * host.MemoryOvercommit;
        return new HostView(
            host.Name,
            users.Count,
            users.Count(u => u.State == UserState.Suspended),
            $"{cores} / {Number(coreCapacity)}",
            $"{host.Cores} × {Number(host.CpuOvercommit)}",
            Number(coreCapacity - cores),
            $"{memory} / {Number(memoryCapacity)}",
            $"{host.MemoryGib} × {Number(host.MemoryOvercommit)}",
            Number(memoryCapacity - memory),
            $"{gpus} / {host.Gpus.Length}",
            host.Gpus.Length - gpus,
            Percent(Math.Max(coreCapacity <= 0 ? 0 : cores / coreCapacity, memoryCapacity <= 0 ? 0 : memory / memoryCapacity)));
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}

public sealed record CapacityView(string Platform, IReadOnlyList<HostView> Hosts, IReadOnlyList<GpuView> Gpus, int Active, int Suspended, int Tombstones);

public sealed record HostView(
    string Name, int Vms, int Suspended, string Cores, string CoreFormula, string CoresFree, string Memory, string MemoryFormula,
    string MemoryFree, string Gpus, int GpusFree, string Fullest);

public sealed record GpuView(string Host, string Pci, string Model, string User);
