using System.Text.RegularExpressions;
using CsCheck;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Synthetic;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Allocation;

/// <summary>
/// The ledger's promise, as a property over generated inventories: render, change one user (add,
/// remove, delete, another flavor, another team), render again from the written ledger; every other
/// user keeps VM id, address, host, GPUs and every one of their files byte for byte.
/// </summary>
public sealed partial class LocalityPropertyTests
{
    public enum Change
    {
        AddUser,
        RemoveUser,
        DeleteUserFile,
        ChangeFlavor,
        ChangeTeam,
    }

    public sealed record Case(int Seed, int Users, Change Change, int Pick);

    [GeneratedRegex("^state: .*\n", RegexOptions.Multiline)]
    private static partial Regex StateLine();

    [GeneratedRegex("^teams: .*$", RegexOptions.Multiline)]
    private static partial Regex TeamsLine();

    [GeneratedRegex("^  flavor: .*\n", RegexOptions.Multiline)]
    private static partial Regex FlavorLine();

    [Fact]
    public void Should_Never_Change_Another_Users_VM_Or_Files_When_One_User_Changes()
    {
        Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[8, 40], Gen.Enum<Change>(), Gen.Int[0, 10_000], (seed, users, change, pick) => new Case(seed, users, change, pick))
            .Sample(Check, iter: 12, threads: 1);
    }

    [Fact]
    public void Should_Add_A_GPU_User_To_An_Inventory_Whose_GPUs_Are_Taken()
    {
        // CsCheck found it: 36 users, 4 of them with a GPU, filled the only GPU host; the added GPU user did not fit (INV0209).
        Check(new Case(421243, 36, Change.AddUser, 732));
    }

    [Theory]
    [InlineData(Change.AddUser)]
    [InlineData(Change.RemoveUser)]
    [InlineData(Change.DeleteUserFile)]
    [InlineData(Change.ChangeFlavor)]
    [InlineData(Change.ChangeTeam)]
    public void Should_Keep_Every_Other_User_For_Each_Kind_Of_Change(Change change) => Check(new Case(7, 30, change, 11));

    private static void Check(Case c)
    {
        using var temp = new TempDir("werkbank-locality-");
        var root = temp.Combine("inventory");
        // SpareUsers: capacity (and a free GPU) for the user AddUser adds, so that adding never fails for lack of room.
        var synthetic = new SyntheticInventory { Users = c.Users, UsersPerTeam = 5, Seed = c.Seed, GpuUserShare = 0.1, SuspendedShare = 0.1, RemovedShare = 0.1, SpareUsers = 1 };
        synthetic.WriteTo(root);
        var before = TestRender.BuildAndKeepLedger(root, parallelism: 1);

        // Deleting a lead's file would make the team name an unknown user (an inventory error, not a
        // locality question), so that change picks among the users who lead no team (user t leads team t).
        var index = c.Change == Change.DeleteUserFile && c.Users > synthetic.Teams
            ? synthetic.Teams + (c.Pick % (c.Users - synthetic.Teams))
            : c.Pick % c.Users;
        var changed = SyntheticInventory.UserName(c.Change == Change.AddUser ? c.Users : index);
        var file = Path.Combine(root, "users", changed + ".yaml");
        switch (c.Change)
        {
            case Change.AddUser:
                File.WriteAllText(file, synthetic.UserYaml(c.Users, new Random(c.Pick), gpu: c.Pick % 3 == 0));
                break;
            case Change.RemoveUser:
                File.WriteAllText(file, StateLine().Replace(File.ReadAllText(file), string.Empty) + "state: removed\n");
                break;
            case Change.DeleteUserFile:
                File.Delete(file);
                break;
            case Change.ChangeFlavor:
                var text = FlavorLine().Replace(File.ReadAllText(file), string.Empty);
                var flavor = c.Pick % 2 == 0 ? "large" : "small";
                File.WriteAllText(file, text.Contains("vm:\n", StringComparison.Ordinal) ? text.Replace("vm:\n", $"vm:\n  flavor: {flavor}\n", StringComparison.Ordinal) : text + $"vm:\n  flavor: {flavor}\n");
                break;
            case Change.ChangeTeam:
                File.WriteAllText(file, TeamsLine().Replace(File.ReadAllText(file), $"teams: [{SyntheticInventory.TeamName((index + 1 + (c.Pick % 3)) % synthetic.Teams)}]"));
                break;
        }

        var after = TestRender.BuildAndKeepLedger(root, parallelism: 1);
        AssertOthersUnchanged(before, after, changed);
        if (c.Change is Change.ChangeFlavor or Change.ChangeTeam or Change.RemoveUser && before.Compilation.Model!.User(changed)!.Allocation is { } own)
        {
            var now = after.Compilation.Model!.User(changed)?.Allocation ?? after.Compilation.Model.Tombstones.Single(t => t.User == changed).Allocation;
            Assert.Equal((own.VmId, own.Address), (now.VmId, now.Address)); // the changed user keeps their identity too
        }
    }

    private static void AssertOthersUnchanged(BuildResult before, BuildResult after, string changed)
    {
        var old = before.Compilation.Model!;
        var now = after.Compilation.Model!;
        foreach (var user in old.Users.Where(u => u.Name != changed))
        {
            var next = now.User(user.Name);
            Assert.NotNull(next);
            Assert.Equal(Describe(user.Allocation), Describe(next.Allocation));
        }

        Assert.Equal(
            old.Tombstones.Where(t => t.User != changed).Select(t => $"{t.User} {Describe(t.Allocation)}"),
            now.Tombstones.Where(t => t.User != changed).Select(t => $"{t.User} {Describe(t.Allocation)}"));

        Assert.Contains(before.Files, f => OwnedBy(f) is { } owner && owner != changed); // the property must have something to check
        var newFiles = after.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var file in before.Files.Where(f => OwnedBy(f) is { } owner && owner != changed))
        {
            Assert.True(newFiles.TryGetValue(file.Path, out var next), $"{file.Path} disappeared after changing {changed}");
            Assert.True(file.Content.AsSpan().SequenceEqual(next.Content), $"{file.Path} changed after changing only {changed}");
        }
    }

    /// <summary>The user a per-user file belongs to: out/cloud-init/&lt;user&gt;/*, out/proxmox/host_vars/&lt;user&gt;-ws.yml.</summary>
    private static string? OwnedBy(OutputFile file)
    {
        var parts = file.Path.Split('/');
        return parts switch
        {
            ["cloud-init", var user, _] => user,
            ["proxmox", "host_vars", var vm] when vm.EndsWith("-ws.yml", StringComparison.Ordinal) => vm[..^"-ws.yml".Length],
            _ => null,
        };
    }

    private static string Describe(global::Werkbank.Model.VmAllocation? allocation) =>
        allocation is null ? "none" : $"{allocation.VmId} {allocation.Address} {allocation.Host} [{string.Join(",", allocation.GpuPcis)}]";
}
