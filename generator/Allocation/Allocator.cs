using System.Collections.Immutable;
using System.Net;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Inventory.Documents;
using Werkbank.Model;
using Werkbank.Validation;

namespace Werkbank.Allocation;

/// <summary>
/// The model with every VM allocated, and the ledger as it must be written (null when there are errors),
/// serialized only when asked for: validate never needs it.
/// </summary>
public sealed record AllocationResult(PlatformModel Model, Lazy<byte[]>? Ledger);

/// <summary>
/// Stage 4: the allocation ledger. Every entry of allocations.lock.yaml is kept (ids and addresses
/// are never reused, not even after a user is removed); only users without an entry get a VM id
/// (the lowest free one from <see cref="FirstVmId"/>), an address (the lowest free one of
/// network.vm_cidr that is not the network, broadcast, gateway, a DNS server or a host) and a host
/// (<see cref="Placement"/>). So adding, removing or changing one user never moves another.
/// The ledger was validated before (<c>Validation/LedgerRules</c>).
/// </summary>
public static class Allocator
{
    /// <summary>VM ids start here, so that ids below (templates, hand-made VMs) stay free on the Proxmox cluster.</summary>
    public const int FirstVmId = 1000;

    public static AllocationResult Allocate(InventorySet inventory, PlatformModel model, DiagnosticBag diagnostics)
    {
        var entries = (inventory.Ledger?.Vms ?? new Dictionary<string, LedgerEntryDocument>())
            .ToImmutableSortedDictionary(StringComparer.Ordinal);
        var network = IPNetwork2.Parse(model.Platform.Network.VmCidr);
        var range = Validation.NetworkMath.RangeOf(network);
        var reserved = ReservedAddresses.Of(network, inventory.Platform!, inventory.Hosts);
        var ids = new IdPool(entries.Values.Select(e => e.VmId));
        var addresses = new AddressPool(network, reserved.Keys.Concat(entries.Values.Select(e => ReservedAddresses.ToUInt(IPAddress.Parse(e.Address)))));

        // One clear error at vm_cidr when the network is too small, rather than one per user who finds no address.
        // Reserved holds the network and broadcast addresses too, so count from the whole range.
        var size = (long)ReservedAddresses.ToUInt(network.Broadcast!) - ReservedAddresses.ToUInt(network.Network!) + 1;
        var room = Math.Max(0, size - reserved.Keys.Count(a => range.Contains(ReservedAddresses.ToAddress(a))));
        var needed = entries.Count + model.Users.Count(u => u.State != UserState.Removed && !entries.ContainsKey(u.Name));
        if (needed > room)
        {
            diagnostics.Add(DiagnosticBuilder.At(inventory.Platform!.Network.SpanOf("vm_cidr")).VmNetworkFull(model.Platform.Network.VmCidr, (int)Math.Min(room, int.MaxValue), needed));
            return new AllocationResult(model, null);
        }

        // Ids and addresses first, in name order: they do not depend on placement.
        var identities = new Dictionary<string, (int VmId, string Address)>(StringComparer.Ordinal);
        foreach (var user in model.Users)
        {
            if (entries.TryGetValue(user.Name, out var entry))
            {
                identities[user.Name] = (entry.VmId, entry.Address);
            }
            else if (user.State != UserState.Removed)
            {
                var address = addresses.Next()
                    ?? throw new InvalidOperationException($"no address left for '{user.Name}' after the room check: a bug in the allocator");

                identities[user.Name] = (ids.Next(), address);
            }
        }

        var hosts = Placement.Place(model, entries, diagnostics);
        var users = model.Users.Select(user =>
            identities.TryGetValue(user.Name, out var identity)
                ? user with { Allocation = Allocation(user, identity, hosts, entries) }
                : user).ToImmutableArray();

        var present = model.Users.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var tombstones = users.Where(u => u.State == UserState.Removed && u.Allocation is not null)
            .Select(u => new VmTombstone(u.Name, u.Allocation!))
            .Concat(entries.Where(e => !present.Contains(e.Key)).Select(e => new VmTombstone(e.Key, FromEntry(e.Value))))
            .OrderBy(t => t.User, StringComparer.Ordinal)
            .ToImmutableArray();
        var allocated = model with { Users = users, Tombstones = tombstones };
        return new AllocationResult(allocated, diagnostics.HasErrors ? null : new Lazy<byte[]>(() => LedgerText.Write(allocated)));
    }

    private static VmAllocation Allocation(
        UserModel user, (int VmId, string Address) identity, IReadOnlyDictionary<string, Placed> hosts,
        IReadOnlyDictionary<string, LedgerEntryDocument> entries)
    {
        if (user.State == UserState.Removed)
        {
            return FromEntry(entries[user.Name]) with { GpuPcis = [] }; // a tombstone frees its host's capacity and GPUs
        }

        return hosts.TryGetValue(user.Name, out var placed)
            ? new VmAllocation(identity.VmId, identity.Address, placed.Host, placed.GpuPcis)
            : new VmAllocation(identity.VmId, identity.Address, "unplaced", []); // only with an INV0209 error
    }

    private static VmAllocation FromEntry(LedgerEntryDocument entry) =>
        new(entry.VmId, entry.Address, entry.Host ?? "unplaced", entry.Tombstone ? [] : [.. entry.Gpus.Order(StringComparer.Ordinal)]);

    /// <summary>The lowest VM id from <see cref="FirstVmId"/> not in the ledger.</summary>
    private sealed class IdPool(IEnumerable<int> used)
    {
        private readonly HashSet<int> used = [.. used];
        private int next = FirstVmId;

        public int Next()
        {
            while (!used.Add(next))
            {
                next++;
            }

            return next;
        }
    }

    /// <summary>The lowest address of the network that is neither reserved nor in the ledger.</summary>
    private sealed class AddressPool(IPNetwork2 network, IEnumerable<uint> used)
    {
        private readonly HashSet<uint> used = [.. used];
        private readonly uint last = ReservedAddresses.ToUInt(network.Broadcast!);
        private uint next = ReservedAddresses.ToUInt(network.Network!) + 1;

        public string? Next()
        {
            while (next < last && !used.Add(next))
            {
                next++;
            }

            return next < last ? ReservedAddresses.ToAddress(next++).ToString() : null;
        }
    }
}
