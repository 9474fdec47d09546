using Werkbank.Tests.Support;

namespace Werkbank.Tests.Allocation;

/// <summary>Placement over the diagnostics base: pve-01 has 16 cores and 64 GiB (no overcommit); a small VM is 2 cores, 8 GiB.</summary>
public sealed class PlacementTests
{
    private static readonly string[] SixMore = ["carol", "dave", "erin", "frank", "gina", "hank"];

    [Fact]
    public void Should_Place_An_Inventory_That_Exactly_Fits()
    {
        using var fixture = new InventoryFixture().WithUsers(SixMore);
        var model = AllocationFixture.Model(fixture);
        Assert.All(model.Users, u => Assert.Equal("pve-01", u.Allocation!.Host));
        Assert.Equal(8, model.Users.Length);
    }

    [Fact]
    public void Should_Name_The_User_And_What_Each_Host_Has_Free_When_One_VM_Too_Many()
    {
        using var fixture = new InventoryFixture().WithUsers([.. SixMore, "zoe"]);
        var errors = fixture.Errors();
        var error = Assert.Single(errors);
        Assert.Equal("INV0209", error.Code);
        Assert.Equal("users/zoe.yaml", error.Span.File);
        Assert.Equal("the VM of user 'zoe' does not fit: it asks for 2 cores, 8 GiB memory, 0 GPUs", error.Message);
        Assert.StartsWith("Free per host: pve-01 has 0 cores, 0 GiB memory, 0 GPUs free.", error.Hint, StringComparison.Ordinal);
        Assert.Null(fixture.Compile().Ledger);
    }

    [Fact]
    public void Should_Count_Suspended_Users_But_Not_Removed_Ones()
    {
        using var fixture = new InventoryFixture().WithUsers([.. SixMore, "zoe"])
            .With("users/carol.yaml", AllocationFixture.User("carol", state: "suspended"))
            .With("users/dave.yaml", AllocationFixture.User("dave", state: "removed"));
        var model = AllocationFixture.Model(fixture);
        Assert.Equal("pve-01", model.User("zoe")!.Allocation!.Host);
        Assert.Equal("pve-01", model.User("carol")!.Allocation!.Host);

        fixture.With("users/dave.yaml", AllocationFixture.User("dave", state: "suspended"));
        Assert.Contains(fixture.Errors(), e => e.Code == "INV0209");
    }

    [Fact]
    public void Should_Put_GPU_Users_Only_On_Hosts_With_Free_GPUs()
    {
        using var fixture = new InventoryFixture()
            .With("roles.yaml", AllocationFixture.GpuRoles)
            .With("hosts.yaml", AllocationFixture.Hosts(
                AllocationFixture.Proxmox("pve-01", "10.51.0.11", cores: 64, memoryGib: 256),
                AllocationFixture.Proxmox("pve-02", "10.51.0.12", gpus: "  gpus:\n    - { pci: \"0000:41:00.0\", model: l40s }\n    - { pci: \"0000:42:00.0\", model: l40s }")));
        foreach (var name in new[] { "gpu1", "gpu2" })
        {
            fixture.With($"users/{name}.yaml", AllocationFixture.User(name, role: "gpu-user", vm: "{ gpus: 1 }"));
        }

        var model = AllocationFixture.Model(fixture);
        Assert.Equal(("pve-02", "0000:41:00.0"), (model.User("gpu1")!.Allocation!.Host, model.User("gpu1")!.Allocation!.GpuPcis.Single()));
        Assert.Equal(("pve-02", "0000:42:00.0"), (model.User("gpu2")!.Allocation!.Host, model.User("gpu2")!.Allocation!.GpuPcis.Single()));
        Assert.Equal("pve-01", model.User("alice")!.Allocation!.Host); // the GPU host is kept for GPU users

        fixture.With("users/gpu3.yaml", AllocationFixture.User("gpu3", role: "gpu-user", vm: "{ gpus: 1 }"));
        var error = Assert.Single(fixture.Errors());
        Assert.Equal("INV0209", error.Code);
        Assert.Contains("pve-02 has 12 cores, 48 GiB memory, 0 GPUs free", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Honour_Pins_Even_When_Another_Host_Has_More_Room()
    {
        using var fixture = new InventoryFixture()
            .With("hosts.yaml", AllocationFixture.Hosts(
                AllocationFixture.Proxmox("pve-01", "10.51.0.11", cores: 64, memoryGib: 512),
                AllocationFixture.Proxmox("pve-02", "10.51.0.12")))
            .With("users/alice.yaml", AllocationFixture.User("alice", vm: "{ host: pve-02 }"));
        var model = AllocationFixture.Render(fixture);
        Assert.Equal("pve-02", model.User("alice")!.Allocation!.Host);
        Assert.Equal("pve-01", model.User("bob")!.Allocation!.Host);

        // A new pin moves that user (id and address kept) and nobody else.
        fixture.With("users/bob.yaml", AllocationFixture.User("bob", vm: "{ host: pve-02 }"));
        var moved = AllocationFixture.Render(fixture);
        Assert.Equal(("pve-02", model.User("bob")!.Allocation!.VmId, model.User("bob")!.Allocation!.Address),
            (moved.User("bob")!.Allocation!.Host, moved.User("bob")!.Allocation!.VmId, moved.User("bob")!.Allocation!.Address));
    }

    [Fact]
    public void Should_Report_A_Pinned_Host_That_Is_Full()
    {
        using var fixture = new InventoryFixture()
            .With("hosts.yaml", AllocationFixture.Hosts(
                AllocationFixture.Proxmox("pve-01", "10.51.0.11", cores: 2, memoryGib: 8),
                AllocationFixture.Proxmox("pve-02", "10.51.0.12", cores: 64, memoryGib: 512)))
            .With("users/alice.yaml", AllocationFixture.User("alice", vm: "{ host: pve-01 }"))
            .With("users/bob.yaml", AllocationFixture.User("bob", vm: "{ host: pve-01 }"));
        var error = Assert.Single(fixture.Errors());
        Assert.Equal("the VM of user 'bob' does not fit: it asks for 2 cores, 8 GiB memory, 0 GPUs on its pinned host 'pve-01'", error.Message);
        Assert.StartsWith("Free per host: pve-01 has 0 cores, 0 GiB memory, 0 GPUs free.", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Spread_A_Team_Across_Hosts_Of_Equal_Capacity()
    {
        using var fixture = new InventoryFixture()
            .With("hosts.yaml", AllocationFixture.Hosts(
                AllocationFixture.Proxmox("pve-01", "10.51.0.11", cores: 64, memoryGib: 512),
                AllocationFixture.Proxmox("pve-02", "10.51.0.12", cores: 64, memoryGib: 512),
                AllocationFixture.Proxmox("pve-03", "10.51.0.13", cores: 64, memoryGib: 512)))
            .With("teams/beta.yaml", "description: Beta\n");
        foreach (var name in new[] { "a1", "a2", "a3", "b1", "b2", "b3" })
        {
            fixture.With($"users/{name}.yaml", AllocationFixture.User(name, team: name[0] == 'a' ? "alpha" : "beta"));
        }

        var model = AllocationFixture.Model(fixture);
        foreach (var team in new[] { "alpha", "beta" })
        {
            var hosts = model.Users.Where(u => u.Teams.Contains(team) && u.Name.Length == 2).Select(u => u.Allocation!.Host).ToList();
            Assert.Equal(3, hosts.Distinct().Count()); // three members on three hosts
        }
    }

    [Fact]
    public void Should_Move_Only_The_User_Whose_Flavor_No_Longer_Fits()
    {
        using var fixture = new InventoryFixture()
            .With("platform.yaml", fixture0Platform)
            .With("hosts.yaml", AllocationFixture.Hosts(
                AllocationFixture.Proxmox("pve-01", "10.51.0.11", cores: 4, memoryGib: 16),
                AllocationFixture.Proxmox("pve-02", "10.51.0.12", cores: 64, memoryGib: 512)))
            .With("users/alice.yaml", AllocationFixture.User("alice", vm: "{ host: pve-01 }"))
            .With("users/bob.yaml", AllocationFixture.User("bob", vm: "{ host: pve-01 }"));
        AllocationFixture.Render(fixture);
        fixture.With("users/alice.yaml", AllocationFixture.User("alice", vm: "{ flavor: large }"))
            .With("users/bob.yaml", AllocationFixture.User("bob"));
        var model = AllocationFixture.Render(fixture);
        Assert.Equal("pve-02", model.User("alice")!.Allocation!.Host); // grew: no room left on pve-01
        Assert.Equal("pve-01", model.User("bob")!.Allocation!.Host); // unpinned, unchanged: stays
    }

    private static readonly string fixture0Platform = File.ReadAllText(Path.Combine(InventoryFixture.BasePath, "platform.yaml"))
        .Replace("  small: { cores: 2, memory_gib: 8, disk_gib: 64 }", "  small: { cores: 2, memory_gib: 8, disk_gib: 64 }\n  large: { cores: 4, memory_gib: 16, disk_gib: 128 }", StringComparison.Ordinal);
}
