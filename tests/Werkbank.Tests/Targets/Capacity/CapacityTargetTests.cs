using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Capacity;

public sealed class CapacityTargetTests
{
    [Fact]
    public void Should_Show_Each_Proxmox_Host_With_What_Is_Used_And_Left()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/carol.yaml", Allocation.AllocationFixture.User("carol", state: "suspended"));
        var report = TestRender.Build(fixture.Root).Files.Single(f => f.Path == "reports/capacity.md").ContentAsText;
        Assert.Contains("| pve-01 | 3 | 1 | 6 / 16 (16 × 1) | 10 | 24 / 64 (64 × 1) | 40 | 0 / 0 | 0 | 38 % |\n", report, StringComparison.Ordinal);
        Assert.Contains("2 active and 1 suspended VMs are placed", report, StringComparison.Ordinal);
        Assert.Contains("No VM has a passthrough GPU.", report, StringComparison.Ordinal);
        Assert.DoesNotContain("svc-01", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_List_GPU_Assignments_Of_The_Example()
    {
        var report = TestRender.ExampleFiles().Single(f => f.Path == "reports/capacity.md").ContentAsText;
        var model = TestRender.ExampleBuild().Compilation.Model!;
        foreach (var user in model.PresentUsers.Where(u => u.Gpus > 0))
        {
            Assert.Contains($"| {user.Allocation!.Host} | {user.Allocation.GpuPcis[0]} | nvidia-l40s | {user.Name} |", report, StringComparison.Ordinal);
        }
    }
}
