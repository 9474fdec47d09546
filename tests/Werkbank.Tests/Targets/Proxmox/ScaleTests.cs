using System.Text.Json;
using Werkbank.Model;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Proxmox;

/// <summary>A generated inventory of 2,000 users places, renders and passes the Ansible checks.</summary>
public sealed class ScaleTests
{
    [Fact]
    public void Should_Place_Render_And_Pass_Ansible_Checks_For_2000_Users()
    {
        using var temp = new TempDir("werkbank-scale-");
        var root = temp.Combine("inventory");
        var synthetic = new SyntheticInventory { Users = 2000 };
        synthetic.WriteTo(root);
        var build = TestRender.BuildAndKeepLedger(root);
        var model = build.Compilation.Model!;

        Assert.Equal(2000, model.Users.Length);
        Assert.Equal(20, model.Teams.Length);
        var present = model.PresentUsers.ToList();
        Assert.Equal(present.Count, present.Select(u => u.Allocation!.VmId).Distinct().Count());
        Assert.Equal(present.Count, present.Select(u => u.Allocation!.Address).Distinct().Count());
        Assert.All(present.Where(u => u.Gpus > 0), u => Assert.NotEmpty(model.Host(u.Allocation!.Host).Gpus));
        Assert.Contains(present, u => u.State == UserState.Suspended);
        foreach (var host in model.Hosts.Where(h => h.Kind == HostKind.Proxmox))
        {
            var vms = present.Where(u => u.Allocation!.Host == host.Name).ToList();
            Assert.True(vms.Sum(u => u.Flavor.Cores) <= host.Cores * host.CpuOvercommit, $"{host.Name} is over its cpu capacity");
            Assert.True(vms.Sum(u => u.Flavor.MemoryGib) <= host.MemoryGib * host.MemoryOvercommit, $"{host.Name} is over its memory capacity");
        }

        // A second render from the written ledger changes nothing.
        var again = TestRender.Build(root);
        Assert.Equal(build.Compilation.Ledger, again.Compilation.Ledger);

        var json = AnsibleChecks.RunAll(build.Files.Where(f => f.Path.StartsWith("proxmox/", StringComparison.Ordinal) || f.Path.StartsWith("cloud-init/", StringComparison.Ordinal)), temp);
        using var inventory = JsonDocument.Parse(json);
        Assert.Equal(present.Count + model.Tombstones.Length, inventory.RootElement.GetProperty("_meta").GetProperty("hostvars").EnumerateObject().Count(p => p.Name.EndsWith("-ws", StringComparison.Ordinal)));
    }
}
