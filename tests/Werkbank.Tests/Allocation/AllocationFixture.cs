using Werkbank.Model;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Allocation;

/// <summary>Small inventories for allocation tests: the diagnostics base (pve-01: 16 cores, 64 GiB; flavor small 2/8) plus users and hosts.</summary>
internal static class AllocationFixture
{
    public const string GpuRoles = """
        developer:
          flavor: small
          local: [ollama]
          access:
            open-webui: user
        gpu-user:
          flavor: small
          gpu: true
          local: [ollama]
          access:
            open-webui: user
        """;

    public static string User(string name, string team = "alpha", string role = "developer", string? vm = null, string state = "active") =>
        $"""
        full_name: {name} Example
        email: {name}@tiny.example
        role: {role}
        teams: [{team}]
        ssh_keys:
          - {SyntheticInventory.SshKey(name.Aggregate(17, (h, c) => (h * 31) + c))} {name}@laptop
        state: {state}
        """ + (vm is null ? string.Empty : $"\nvm: {vm}\n");

    public static InventoryFixture WithUsers(this InventoryFixture fixture, params string[] names)
    {
        foreach (var name in names)
        {
            fixture.With($"users/{name}.yaml", User(name));
        }

        return fixture;
    }

    public static string Proxmox(string name, string address, int cores = 16, int memoryGib = 64, string gpus = "") =>
        $"""
        {name}:
          kind: proxmox
          address: {address}
          cores: {cores}
          memory_gib: {memoryGib}
        {gpus}
        """;

    public static string Hosts(params string[] proxmox) =>
        string.Join("\n", proxmox) + "\nsvc-01:\n  kind: docker\n  address: 10.51.0.21\n";

    public static PlatformModel Model(InventoryFixture fixture)
    {
        var compilation = fixture.Compile();
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics.Select(d => d.Format("inventory"))));
        return compilation.Model!;
    }

    /// <summary>Compiles and writes the new ledger into the fixture, as render does.</summary>
    public static PlatformModel Render(InventoryFixture fixture)
    {
        var compilation = fixture.Compile();
        Assert.False(compilation.HasErrors, string.Join("\n", compilation.Diagnostics.Select(d => d.Format("inventory"))));
        File.WriteAllBytes(Path.Combine(fixture.Root, "allocations.lock.yaml"), compilation.Ledger!);
        return compilation.Model!;
    }

    public static VmAllocation Of(PlatformModel model, string user) => model.User(user)!.Allocation!;
}
