using System.Net;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;

namespace Werkbank.Validation;

/// <summary>
/// The allocation ledger is checked like any inventory file, so that a hand-edited or corrupt ledger
/// stops the render with a pointer to its line instead of silently moving or doubling a VM.
/// Tombstones are checked for duplicates and the network too: their ids and addresses stay reserved.
/// </summary>
internal static class LedgerRules
{
    public static void Check(InventorySet set, List<Diagnostic> found)
    {
        if (set.Ledger is not { } ledger)
        {
            return;
        }

        var network = set.Platform is { } platform ? NetworkMath.ParseCidr(platform.Network.VmCidr, out _) : null;
        IReadOnlyDictionary<uint, string> reserved = network is null || set.Platform is null
            ? new Dictionary<uint, string>()
            : ReservedAddresses.Of(network, set.Platform, set.Hosts);
        var range = network is null ? (Ipv4Range?)null : NetworkMath.RangeOf(network);
        var proxmox = set.Hosts.Where(h => h.Value.Kind == "proxmox").Select(h => h.Key).Order(StringComparer.Ordinal).ToList();
        var isProxmox = proxmox.ToHashSet(StringComparer.Ordinal); // hosts grow with the users: no list scan per VM
        var ids = new Dictionary<int, string>();
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var gpus = new Dictionary<(string Host, string Pci), string>();
        foreach (var (name, entry) in ledger.Vms.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!Slug.IsValid(name))
            {
                found.Add(DiagnosticBuilder.At(entry.Span).LedgerInvalidUserName(name));
            }

            if (entry.Has("vm_id") && !ids.TryAdd(entry.VmId, name))
            {
                found.Add(DiagnosticBuilder.At(entry.SpanOf("vm_id")).LedgerDuplicateVmId(entry.VmId, ids[entry.VmId]));
            }

            CheckAddress(name, entry, network, range, reserved, addresses, found);
            if (entry.Tombstone || entry.Host is not { } host)
            {
                continue; // a tombstone's host and GPUs no longer matter
            }

            if (!isProxmox.Contains(host))
            {
                found.Add(DiagnosticBuilder.At(entry.SpanOf("host")).LedgerUnknownHost(host, proxmox));
                continue;
            }

            var hostGpus = set.Hosts[host].Gpus.Select(g => g.Pci).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < entry.Gpus.Count; i++)
            {
                var pci = entry.Gpus[i];
                if (!hostGpus.Contains(pci))
                {
                    found.Add(DiagnosticBuilder.At(entry.SpanOf("gpus", i)).LedgerUnknownGpu(pci, host));
                }
                else if (!gpus.TryAdd((host, pci), name))
                {
                    found.Add(DiagnosticBuilder.At(entry.SpanOf("gpus", i)).LedgerGpuTwice(pci, host, gpus[(host, pci)]));
                }
            }
        }
    }

    private static void CheckAddress(
        string name, LedgerEntryDocument entry, IPNetwork2? network, Ipv4Range? range, IReadOnlyDictionary<uint, string> reserved,
        Dictionary<string, string> addresses, List<Diagnostic> found)
    {
        if (!entry.Has("address"))
        {
            return;
        }

        var at = DiagnosticBuilder.At(entry.SpanOf("address"));
        if (Addresses.Check(entry.Address, entry.SpanOf("address"), found) is not { } address)
        {
            return;
        }

        if (!addresses.TryAdd(entry.Address, name))
        {
            found.Add(at.LedgerDuplicateAddress(entry.Address, addresses[entry.Address]));
        }

        if (network is null || range is not { } vms)
        {
            return;
        }

        if (!vms.Contains(address))
        {
            found.Add(at.LedgerAddressOutsideNetwork(entry.Address, network.ToString()));
        }
        else if (reserved.TryGetValue(ReservedAddresses.ToUInt(address), out var usedBy))
        {
            found.Add(at.LedgerReservedAddress(entry.Address, usedBy));
        }
    }
}

/// <summary>Addresses of the VM network that no VM may have: network, broadcast, gateway, DNS servers and hosts.</summary>
public static class ReservedAddresses
{
    public static IReadOnlyDictionary<uint, string> Of(IPNetwork2 network, PlatformDocument platform, IReadOnlyDictionary<string, HostDocument> hosts)
    {
        var reserved = new Dictionary<uint, string>
        {
            [ToUInt(network.Network!)] = "the network address",
            [ToUInt(network.Broadcast!)] = "the broadcast address",
        };
        var range = NetworkMath.RangeOf(network);
        void Add(string? value, string what)
        {
            if (value is not null && Addresses.Parse(value) is { } address && range.Contains(address))
            {
                reserved.TryAdd(ToUInt(address), what);
            }
        }

        Add(platform.Network.Gateway, "the gateway");
        foreach (var dns in platform.Network.Dns)
        {
            Add(dns, "a DNS server");
        }

        foreach (var (name, host) in hosts.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            Add(host.Address, $"the address of host '{name}'");
        }

        return reserved;
    }

    public static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    public static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
