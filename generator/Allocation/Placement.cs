using System.Collections.Immutable;
using Werkbank.Diagnostics;
using Werkbank.Inventory.Documents;
using Werkbank.Model;

namespace Werkbank.Allocation;

/// <summary>Where one VM runs and which host GPUs it gets.</summary>
public sealed record Placed(string Host, ImmutableArray<string> GpuPcis);

/// <summary>
/// Chooses a Proxmox host per VM. Active and suspended VMs count against capacity (a suspended VM
/// is stopped, not deleted); removed ones free theirs. In three rounds, so that a change to one user
/// never moves another:
/// <list type="number">
/// <item>VMs in the ledger whose size and pin did not change stay where they are;</item>
/// <item>VMs in the ledger whose size changed stay if their host still has room;</item>
/// <item>everything else (new users, changed pins, VMs that no longer fit, ledger entries without a
/// host) is placed: pinned VMs first, then GPU VMs, then the rest, each by name.</item>
/// </list>
/// A VM goes to a host (its pin, or any Proxmox host) where it fits. Headroom is the smaller of free
/// cpu and free memory as a fraction of capacity after placing it; hosts within 5 % of the most
/// headroom count as equal, and among those wins the host with the fewest VMs of the user's teams (a
/// host failure should not take a whole team down), then, for VMs without GPUs, the host with fewer
/// free GPUs (GPU hosts are kept for GPU users), then the most headroom, then the host name.
/// </summary>
public static class Placement
{
    /// <summary>Hosts whose headroom is within this fraction of the best one count as equal (then teams decide).</summary>
    private const double EqualHeadroom = 0.05;

    public static IReadOnlyDictionary<string, Placed> Place(
        PlatformModel model, IReadOnlyDictionary<string, LedgerEntryDocument> ledger, DiagnosticBag diagnostics)
    {
        var hosts = model.Hosts.Where(h => h.Kind == HostKind.Proxmox)
            .ToDictionary(h => h.Name, h => new HostCapacity(h), StringComparer.Ordinal);
        var placed = new Dictionary<string, Placed>(StringComparer.Ordinal);
        var present = model.PresentUsers.ToList();

        LedgerEntryDocument? Kept(UserModel user) =>
            ledger.TryGetValue(user.Name, out var entry) && !entry.Tombstone && entry.Host is { } host
            && hosts.ContainsKey(host) && (user.HostPin is null || user.HostPin == host)
                ? entry
                : null;

        bool Unchanged(UserModel user, LedgerEntryDocument entry) =>
            entry.Cores == user.Flavor.Cores && entry.MemoryGib == user.Flavor.MemoryGib && entry.Gpus.Count == user.Gpus;

        bool TryKeep(UserModel user, LedgerEntryDocument entry)
        {
            var host = hosts[entry.Host!];
            var size = VmSize.Of(user);
            var kept = entry.Gpus.Take(size.Gpus).ToList();
            if (!host.Fits(size) || !host.HasFree(kept))
            {
                return false;
            }

            placed[user.Name] = new Placed(host.Name, [.. host.Take(size, user.Teams, kept)]);
            return true;
        }

        var rest = new List<UserModel>();
        var changed = new List<(UserModel User, LedgerEntryDocument Entry)>();
        foreach (var user in present)
        {
            if (Kept(user) is not { } entry)
            {
                rest.Add(user);
            }
            else if (!Unchanged(user, entry))
            {
                changed.Add((user, entry));
            }
            else if (!TryKeep(user, entry))
            {
                rest.Add(user); // its host shrank in hosts.yaml
            }
        }

        rest.AddRange(changed.Where(c => !TryKeep(c.User, c.Entry)).Select(c => c.User));
        var order = rest
            .OrderBy(u => u.HostPin is null)
            .ThenByDescending(u => u.Gpus)
            .ThenBy(u => u.Name, StringComparer.Ordinal);
        foreach (var user in order)
        {
            var size = VmSize.Of(user);
            var candidates = user.HostPin is { } pin ? [hosts[pin]] : hosts.Values.ToList();
            var best = Choose(candidates, size, user.Teams);
            if (best is null)
            {
                var at = DiagnosticBuilder.At(user.Source);
                var free = candidates.Count == 0
                    ? "there is no proxmox host in hosts.yaml"
                    : string.Join("; ", candidates.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => h.DescribeFree()));
                var asked = user.HostPin is { } pinned ? $"{size} on its pinned host '{pinned}'" : size.ToString();
                diagnostics.Add(at.VmDoesNotFit(user.Name, asked, free));
                continue;
            }

            var previous = ledger.TryGetValue(user.Name, out var entry) && !entry.Tombstone ? entry.Gpus : [];
            placed[user.Name] = new Placed(best.Name, [.. best.Take(size, user.Teams, best.Name == entry?.Host ? previous : [])]);
        }

        return placed;
    }

    private static HostCapacity? Choose(IReadOnlyList<HostCapacity> candidates, VmSize size, ImmutableArray<string> teams)
    {
        var fitting = candidates.Where(h => h.Fits(size)).ToList();
        if (fitting.Count == 0)
        {
            return null;
        }

        var most = fitting.Max(h => h.HeadroomAfter(size));
        return fitting.Where(h => h.HeadroomAfter(size) >= most - EqualHeadroom - 1e-9)
            .OrderBy(h => teams.Sum(h.TeamVms))
            .ThenBy(h => size.Gpus == 0 ? h.FreeGpuCount : 0)
            .ThenByDescending(h => h.HeadroomAfter(size))
            .ThenBy(h => h.Name, StringComparer.Ordinal)
            .First();
    }
}
