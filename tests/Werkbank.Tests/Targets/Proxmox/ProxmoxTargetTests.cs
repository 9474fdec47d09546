using System.Text.Json;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Proxmox;

public sealed class ProxmoxTargetTests
{
    private static OutputFile File(string path) => TestRender.ExampleFiles().Single(f => f.Path == path);

    [Fact]
    public void Should_Pass_Syntax_Check_Inventory_Parsing_And_Strict_Lint_For_The_Example()
    {
        using var temp = new TempDir("werkbank-ansible-");
        var json = AnsibleChecks.RunAll(TestRender.ExampleFiles(), temp);
        using var inventory = JsonDocument.Parse(json);
        var model = TestRender.ExampleBuild().Compilation.Model!;
        var hostvars = inventory.RootElement.GetProperty("_meta").GetProperty("hostvars");
        foreach (var user in model.PresentUsers)
        {
            var vars = hostvars.GetProperty(user.VmName);
            Assert.Equal(user.Allocation!.VmId, vars.GetProperty("werkbank_vmid").GetInt32());
            Assert.Equal(user.Allocation.Host, vars.GetProperty("werkbank_node").GetString());
        }

        Assert.Equal(["pve-01", "pve-02"], inventory.RootElement.GetProperty("proxmox_nodes").GetProperty("hosts").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Should_Fail_Strict_Lint_On_An_Unknown_Module_Option()
    {
        // Proves that the lint step really checks proxmox_kvm's options (and so guards the playbook above).
        using var temp = new TempDir("werkbank-ansible-");
        var files = TestRender.ExampleFiles()
            .Select(f => f.Path == "proxmox/provision.yml" ? OutputFile.Text(f.Path, f.ContentAsText.Replace("      newid:", "      new_id:", StringComparison.Ordinal)) : f);
        var exception = Assert.ThrowsAny<Exception>(() => AnsibleChecks.RunAll(files, temp));
        Assert.Contains("new_id", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Configure_Each_VM_From_Its_Ledger_Entry_And_Flavor()
    {
        var model = TestRender.ExampleBuild().Compilation.Model!;
        var user = model.Users.First(u => u.Gpus > 0);
        var allocation = user.Allocation!;
        var vars = File($"proxmox/host_vars/{user.VmName}.yml").ContentAsText;
        Assert.Contains($"werkbank_vmid: {allocation.VmId}\n", vars, StringComparison.Ordinal);
        Assert.Contains($"werkbank_node: {allocation.Host}\n", vars, StringComparison.Ordinal);
        Assert.Contains($"werkbank_cores: {user.Flavor.Cores}\n", vars, StringComparison.Ordinal);
        Assert.Contains($"werkbank_memory_mib: {user.Flavor.MemoryGib * 1024}\n", vars, StringComparison.Ordinal);
        Assert.Contains($"werkbank_disk_size: \"{user.Flavor.DiskGib}G\"\n", vars, StringComparison.Ordinal);
        Assert.Contains($"  ipconfig0: \"ip={allocation.Address}/16,gw=10.40.0.1\"\n", vars, StringComparison.Ordinal);
        Assert.Contains($"  hostpci0: \"{allocation.GpuPcis[0]}\"\n", vars, StringComparison.Ordinal);
        Assert.Contains($"user=local:snippets/{user.VmName}-user-data.yaml,network=local:snippets/{user.VmName}-network-config.yaml", vars, StringComparison.Ordinal);
        Assert.Contains("  - role-ml-engineer\n", vars, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Use_The_Same_MAC_In_Proxmox_And_In_Cloud_Init_Network_Config()
    {
        foreach (var user in TestRender.ExampleBuild().Compilation.Model!.PresentUsers)
        {
            var mac = MacAddress.ForVm(user.Allocation!.VmId);
            Assert.Contains($"virtio={mac},bridge=vmbr0,tag=40", File($"proxmox/host_vars/{user.VmName}.yml").ContentAsText, StringComparison.Ordinal);
            var network = File($"cloud-init/{user.Name}/network-config").ContentAsText;
            Assert.Contains($"macaddress: \"{mac}\"", network, StringComparison.Ordinal);
            Assert.Contains($"- \"{user.Allocation.Address}/16\"", network, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_Start_Active_Stop_Suspended_And_Destroy_Removed_Only_On_Request()
    {
        var playbook = File("proxmox/provision.yml").ContentAsText;
        Assert.Contains("      when: \"werkbank_state == 'active'\"\n", playbook, StringComparison.Ordinal);
        Assert.Contains("      when: \"werkbank_state == 'suspended'\"\n", playbook, StringComparison.Ordinal);
        var destroy = playbook[playbook.IndexOf("- name: \"Destroy the VMs of removed users", StringComparison.Ordinal)..];
        Assert.Contains("  hosts: removed_vms\n", destroy, StringComparison.Ordinal);
        Assert.Equal(2, destroy.Split("state: ").Length - 1);
        Assert.Equal(2, destroy.Split("      when: \"werkbank_destroy | default(false) | bool\"\n").Length - 1); // every destroying task is guarded
        Assert.DoesNotContain("state: absent", playbook[..playbook.IndexOf("- name: \"Destroy", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Keep_Credentials_Out_Of_The_Files()
    {
        var inventory = File("proxmox/inventory.yml").ContentAsText;
        Assert.Contains("werkbank_api_token_secret: \"{{ lookup('ansible.builtin.env', 'PROXMOX_API_TOKEN_SECRET') }}\"", inventory, StringComparison.Ordinal);
        Assert.All(TestRender.ExampleFiles().Where(f => f.Path.StartsWith("proxmox/", StringComparison.Ordinal)),
            f => Assert.DoesNotContain("password", f.ContentAsText, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Should_List_Tombstones_As_Removed_VMs()
    {
        using var fixture = new InventoryFixture();
        var first = TestRender.BuildAndKeepLedger(fixture.Root);
        var bob = first.Compilation.Model!.User("bob")!.Allocation!;
        fixture.Without("users/bob.yaml");
        var files = TestRender.BuildAndKeepLedger(fixture.Root).Files;
        var inventory = files.Single(f => f.Path == "proxmox/inventory.yml").ContentAsText;
        Assert.Contains("    removed_vms:\n      hosts:\n        bob-ws: {}\n", inventory, StringComparison.Ordinal);
        var vars = files.Single(f => f.Path == "proxmox/host_vars/bob-ws.yml").ContentAsText;
        Assert.Contains($"werkbank_vmid: {bob.VmId}\n", vars, StringComparison.Ordinal);
        Assert.Contains("werkbank_state: removed\n", vars, StringComparison.Ordinal);
        Assert.DoesNotContain(files, f => f.Path.StartsWith("cloud-init/bob/", StringComparison.Ordinal));
    }
}
