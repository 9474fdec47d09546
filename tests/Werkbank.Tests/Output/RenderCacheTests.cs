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
        Assert.DoesNotContain(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);
        Assert.Contains(UpToDate, Render(inventory.Root, outDir).Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A first render remembers the inventory as it compiled it (the loader's hashes, not a second read):
    /// the same fingerprint as reading the files, also for a BOM and files the loader skips; and a file
    /// changed after the compilation read it leaves a fingerprint that the next run does not match.
    /// </summary>
    [Fact]
    public void Should_Fingerprint_The_Inventory_As_The_Compilation_Read_It()
    {
        using var inventory = new InventoryFixture();
        var users = Directory.GetFiles(Path.Combine(inventory.Root, "users"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        File.WriteAllBytes(users[0], [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(users[0])]);
        inventory.With("users/README.md", "people's notes\n");

        string AsCompiled(Werkbank.Pipeline.Compilation compilation) => RenderCache.Combine([
            .. RenderCache.Hashes(inventory.Root, "inventory", compilation.Inventory.FileHashes),
            .. RenderCache.Hashes(Repo.Templates, "templates")]);

        var compiled = Werkbank.Pipeline.Compiler.Compile(inventory.Root);
        Assert.False(compiled.HasErrors);
        Assert.Contains("users/README.md", Directory.EnumerateFiles(inventory.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(inventory.Root, f).Replace('\\', '/')));
        Assert.DoesNotContain("users/README.md", compiled.Inventory.FileHashes.Keys);
        Assert.Equal(RenderCache.Fingerprint(inventory.Root, Repo.Templates), AsCompiled(compiled));

        File.AppendAllText(users[1], "# changed after the compilation read it\n");
        Assert.NotEqual(RenderCache.Fingerprint(inventory.Root, Repo.Templates), AsCompiled(compiled));
    }
}
