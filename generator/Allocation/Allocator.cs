using System.Collections.Immutable;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Model;

namespace Werkbank.Allocation;

/// <summary>
/// PLACEHOLDER ALLOCATION (foundation only; replaced by the allocation ledger of issue 3).
/// Gives each user a VM id, an address and a Proxmox host derived from a hash of the user name,
/// with linear probing on collisions, so that it is deterministic. It is NOT stable under additions
/// when two names collide, which is exactly what the ledger fixes.
/// </summary>
public static class Allocator
{
    public static PlatformModel Allocate(InventorySet inventory, PlatformModel model, DiagnosticBag diagnostics)
    {
        var network = IPNetwork2.Parse(model.Platform.Network.VmCidr);
        var first = ToUInt(network.FirstUsable) + 1; // skip the gateway's usual .1
        var size = (uint)(ToUInt(network.LastUsable) - first);
        if (size == 0 || size > int.MaxValue || model.Users.Length > size - 1)
        {
            // Without this guard the probing below never ends (a full network) or divides by zero (a /30).
            diagnostics.Add(DiagnosticBuilder.At(inventory.Platform!.Network.SpanOf("vm_cidr")).VmNetworkFull(model.Platform.Network.VmCidr, size == 0 ? 0 : (int)Math.Min(size - 1, int.MaxValue), model.Users.Length));
            return model;
        }

        var proxmox = model.Hosts.Where(h => h.Kind == HostKind.Proxmox).Select(h => h.Name).ToArray();
        var usedIds = new HashSet<int>();
        var usedAddresses = new HashSet<uint> { ToUInt(IPAddress.Parse(model.Platform.Network.Gateway)) };
        var users = model.Users.Select(user =>
        {
            var hash = BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(user.Name)), 0);
            var id = 10000 + (int)(hash % 80000);
            while (!usedIds.Add(id))
            {
                id++;
            }

            var offset = hash % size;
            while (!usedAddresses.Add(first + offset))
            {
                offset = (offset + 1) % size;
            }

            var host = user.HostPin ?? (proxmox.Length == 0 ? "none" : proxmox[hash % proxmox.Length]);
            return user with { Allocation = new VmAllocation(id, ToAddress(first + offset).ToString(), host, []) };
        }).ToImmutableArray();
        return model with { Users = users };
    }

    private static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    private static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
