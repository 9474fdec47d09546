using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Output;

/// <summary>
/// The quick no-op path of render (RenderCache): it stops before compiling only when nothing that goes
/// into out/ changed, and out/ still holds what the last render wrote; anything else renders in full.
/// </summary>
public sealed class RenderCacheTests
{
    private const string UpToDate = "up to date: inventory"; // the quick path's words (a full render that changed nothing says "up to date: N files")

    private static ExternalTool.Result Render(string inventory, string outDir, params string[] more) =>
        CliProcess.Run(["render", "--inventory", inventory, "--out", outDir, "--templates", Repo.Templates, .. more]);

    [Fact]
    public void Should_Stop_Early_Only_While_Inputs_And_Out_Are_What_The_Last_Render_Left()
    {
        using var inventory = new InventoryFixture();
        using var temp = new TempDir();
        var outDir = temp.Combine("out");

        var first = Render(inventory.Root, outDir);
        Assert.Equal(0, first.ExitCode);
        Assert.DoesNotContain(UpToDate, first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(RenderCache.PathFor(outDir)), "a first render into an empty folder records its inputs");
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // A file deleted from out/: rendered again, and back.
        var manifest = Manifest.TryRead(outDir)!;
        var victim = Path.Combine(outDir, manifest.Files[0].Path);
        File.Delete(victim);
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);
        Assert.True(File.Exists(victim));
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // A file added to out/ by hand: rendered again, and gone.
        var added = Path.Combine(outDir, "cloud-init", "added-by-hand.txt");
        File.WriteAllText(added, "mine");
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);
        Assert.False(File.Exists(added));
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // The manifest edited by hand: rendered again.
        File.AppendAllText(Path.Combine(outDir, Manifest.FileName), " ");
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // An inventory file changed: rendered again, with the change.
        var users = Directory.GetFiles(Path.Combine(inventory.Root, "users"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        var name = Path.GetFileNameWithoutExtension(users[0]);
        File.WriteAllText(users[0], File.ReadAllText(users[0]).Replace("full_name: ", "full_name: Renamed ", StringComparison.Ordinal));
        var changed = Render(inventory.Root, outDir);
        Assert.DoesNotContain(UpToDate, changed.Output, StringComparison.Ordinal);
        Assert.Contains("Renamed", File.ReadAllText(Path.Combine(outDir, "cloud-init", name, "user-data")), StringComparison.Ordinal);
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // --force always renders (and records nothing: the next render is a full one, which records again).
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir, "--force").Output, StringComparison.Ordinal);
        Assert.False(File.Exists(RenderCache.PathFor(outDir)));
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);

        // Also not when --force writes a new ledger (a new user gets an allocation).
        File.WriteAllText(Path.Combine(inventory.Root, "users", "zoe.yaml"), File.ReadAllText(users[1])
            .Replace(Path.GetFileNameWithoutExtension(users[1]), "zoe", StringComparison.OrdinalIgnoreCase));
        var ledger = Path.Combine(inventory.Root, "allocations.lock.yaml");
        var ledgerBefore = File.ReadAllText(ledger);
        var forced = Render(inventory.Root, outDir, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(ledgerBefore, File.ReadAllText(ledger));
        Assert.False(File.Exists(RenderCache.PathFor(outDir)), "--force records nothing, also with a new ledger");
    }

    /// <summary>
    /// A first render remembers the inventory as listed at its start and as the compilation read it (the
    /// loader's hashes, not a second read): the same fingerprint as reading the files, also for a BOM and
    /// files the loader skips; and a file changed, added or deleted after that leaves a fingerprint that
    /// the next run does not match. A file that vanishes between listing and hashing gives none.
    /// </summary>
    [Theory]
    [InlineData("changed")]
    [InlineData("added")]
    [InlineData("deleted")]
    public void Should_Fingerprint_The_Inventory_As_The_Compilation_Read_It(string afterwards)
    {
        using var inventory = new InventoryFixture();
        var users = Directory.GetFiles(Path.Combine(inventory.Root, "users"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        File.WriteAllBytes(users[0], [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(users[0])]);
        inventory.With("users/README.md", "people's notes\n");

        var listed = RenderCache.List(inventory.Root)!;
        var compiled = Werkbank.Pipeline.Compiler.Compile(inventory.Root);
        Assert.False(compiled.HasErrors);
        string AsCompiled() => RenderCache.Combine([
            .. RenderCache.Hash(listed, "inventory", compiled.Inventory.FileHashes)!,
            .. RenderCache.Hash(RenderCache.List(Repo.Templates)!, "templates")!]);

        Assert.Contains("users/README.md", listed.Select(f => f.Relative));
        Assert.DoesNotContain("users/README.md", compiled.Inventory.FileHashes.Keys);
        Assert.Equal(RenderCache.Read(inventory.Root, Repo.Templates)!.Fingerprint, AsCompiled());

        switch (afterwards)
        {
            case "changed":
                File.AppendAllText(users[1], "# changed after the compilation read it\n");
                break;
            case "added":
                File.Copy(users[1], Path.Combine(inventory.Root, "users", "zz-added.yaml"));
                break;
            default:
                File.Delete(users[1]);
                break;
        }

        Assert.NotEqual(RenderCache.Read(inventory.Root, Repo.Templates)!.Fingerprint, AsCompiled());

        File.Delete(Path.Combine(inventory.Root, "users", "README.md"));
        Assert.Null(RenderCache.Hash(listed, "inventory", compiled.Inventory.FileHashes));
    }

    /// <summary>The ledger a render wrote replaces the one read, or joins the inputs in path order.</summary>
    [Fact]
    public void Should_Replace_Or_Insert_A_File_In_Path_Order()
    {
        byte[] a = [1], b = [2], c = [3];
        var inputs = new InputHashes([("inventory/platform.yaml", a), ("inventory/users/x.yaml", b), ("templates/t.sbn", c)]);

        Assert.Equal(
            ["inventory/allocations.lock.yaml", "inventory/platform.yaml", "inventory/users/x.yaml", "templates/t.sbn"],
            inputs.WithFile("inventory/allocations.lock.yaml", c).Files.Select(f => f.Relative));
        Assert.Equal(["inventory/platform.yaml", "inventory/users/x.yaml", "templates/t.sbn", "templates/z.sbn"],
            inputs.WithFile("templates/z.sbn", c).Files.Select(f => f.Relative));
        var replaced = inputs.WithFile("inventory/users/x.yaml", c);
        Assert.Equal(3, replaced.Files.Count);
        Assert.Same(c, replaced.Files[1].Hash);
        Assert.NotEqual(inputs.Fingerprint, replaced.Fingerprint);
    }
}
