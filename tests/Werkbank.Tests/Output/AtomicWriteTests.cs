using System.Collections.Immutable;
using Werkbank.Output;
using Werkbank.Tests.EndToEnd;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Output;

/// <summary>A failed render leaves out/ byte for byte as it was; unchanged files are not rewritten.</summary>
public sealed class AtomicWriteTests
{
    private static OutputFile Text(string path, string text) => OutputFile.Text(path, text, "test");

    [Fact]
    public void Should_Leave_Out_Unchanged_When_Writing_Fails_Half_Way()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        OutDirectoryWriter.Write(outDir, [Text("a/one.txt", "1"), Text("b.txt", "2")], null, 2);
        var before = Trees.Snapshot(outDir);

        // "c" as a file and "c/d" as a file cannot both exist: the writer fails after it has begun.
        ImmutableArray<OutputFile> broken = [Text("a/one.txt", "changed"), Text("c", "x"), Text("c/d", "y")];
        Assert.ThrowsAny<IOException>(() => OutDirectoryWriter.Write(outDir, broken, null, 1));

        var after = Trees.Snapshot(outDir);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, entry => Assert.Equal(entry.Value, after[entry.Key]));

        // The next run cleans what the failed one left beside out/.
        OutDirectoryWriter.Recover(outDir, null);
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDir)));
    }

    [Fact]
    public void Should_Not_Rewrite_Unchanged_Files()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        OutDirectoryWriter.Write(outDir, [Text("same.txt", "same"), Text("other.txt", "1")], null, 2);
        var inodeBefore = Inode(Path.Combine(outDir, "same.txt"));
        var result = OutDirectoryWriter.Write(outDir, [Text("same.txt", "same"), Text("other.txt", "2")], null, 2);
        Assert.True(result.Changed);
        Assert.Equal(1, result.Unchanged);
        Assert.Equal(1, result.Modified);
        Assert.Equal(inodeBefore, Inode(Path.Combine(outDir, "same.txt")));
        Assert.Equal("2\n", File.ReadAllText(Path.Combine(outDir, "other.txt")));
    }

    [Fact]
    public void Should_Do_Nothing_When_Nothing_Changed()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        ImmutableArray<OutputFile> files = [Text("x.txt", "x")];
        OutDirectoryWriter.Write(outDir, files, null, 2);
        var result = OutDirectoryWriter.Write(outDir, files, null, 2);
        Assert.False(result.Changed);
    }

    [Fact]
    public void Should_Not_Keep_A_Hand_Edited_File()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        ImmutableArray<OutputFile> files = [Text("x.txt", "x")];
        OutDirectoryWriter.Write(outDir, files, null, 2);
        File.WriteAllText(Path.Combine(outDir, "x.txt"), "y\n"); // same length, other bytes
        Assert.True(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(outDir, "x.txt")));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("folder")]
    [InlineData("link")]
    public void Should_Remove_What_Was_Added_To_Out_By_Hand_Even_When_Nothing_Else_Changed(string what)
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        ImmutableArray<OutputFile> files = [Text("a/x.txt", "x"), Text("y.txt", "y")];
        OutDirectoryWriter.Write(outDir, files, null, 2);
        var added = Path.Combine(outDir, "a", "added");
        switch (what)
        {
            case "file": File.WriteAllText(added, "mine"); break;
            case "folder": Directory.CreateDirectory(Path.Combine(added, "inner")); break;
            default: File.CreateSymbolicLink(added, Path.Combine(outDir, "y.txt")); break;
        }

        Assert.True(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);
        Assert.False(File.Exists(added) || Directory.Exists(added) || new FileInfo(added).LinkTarget is not null);
        Assert.False(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);
    }

    /// <summary>
    /// The old tree is deleted after the swap, folder by folder in parallel: links put into out/ by hand
    /// are removed as links, and what they point to outside out/ is never touched.
    /// </summary>
    [Fact]
    public void Should_Delete_The_Old_Tree_Without_Following_Links_Out_Of_It()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        var outside = temp.Combine("precious");
        Directory.CreateDirectory(Path.Combine(outside, "deeper"));
        File.WriteAllText(Path.Combine(outside, "keep.txt"), "keep");
        File.WriteAllText(Path.Combine(outside, "deeper", "keep.txt"), "keep");
        ImmutableArray<OutputFile> files = [Text("a/b/x.txt", "x"), Text("a/y.txt", "y"), Text("z.txt", "z")];
        OutDirectoryWriter.Write(outDir, files, null, 2);
        Directory.CreateSymbolicLink(Path.Combine(outDir, "a", "b", "to-folder"), outside);
        File.CreateSymbolicLink(Path.Combine(outDir, "a", "to-file"), Path.Combine(outside, "keep.txt"));
        File.CreateSymbolicLink(Path.Combine(outDir, "dangling"), Path.Combine(outside, "gone"));
        Directory.CreateDirectory(Path.Combine(outDir, "extra", "empty"));

        files = files.SetItem(2, Text("z.txt", "z changed")); // a change, so that the tree is swapped
        Assert.True(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);

        Assert.Equal(["a/b/x.txt", "a/y.txt", "manifest.json", "z.txt"], Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories)
            .Where(File.Exists).Select(f => Path.GetRelativePath(outDir, f)).Order(StringComparer.Ordinal));
        Assert.Equal(["a", "a/b"], Directory.EnumerateDirectories(outDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(outDir, f)).Order(StringComparer.Ordinal));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "keep.txt")));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(outside, "deeper", "keep.txt")));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDir)));
    }

    [Theory]
    [InlineData("longer")]
    [InlineData("shorter")]
    [InlineData("empty")]
    [InlineData("folder")]
    [InlineData("symlink")]
    public void Should_Put_Back_A_File_Replaced_By_Hand(string how)
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        ImmutableArray<OutputFile> files = [Text("a/x.txt", "some text"), Text("y.txt", "other")];
        OutDirectoryWriter.Write(outDir, files, null, 2);
        var path = Path.Combine(outDir, "a", "x.txt");
        File.Delete(path);
        switch (how)
        {
            case "longer": File.WriteAllText(path, "some text\nand more\n"); break;
            case "shorter": File.WriteAllText(path, "some\n"); break;
            case "empty": File.WriteAllText(path, ""); break;
            case "folder": Directory.CreateDirectory(path); break;
            default: File.CreateSymbolicLink(path, Path.Combine(outDir, "y.txt")); break;
        }

        Assert.True(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);
        Assert.Equal("some text\n", File.ReadAllText(path));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.False(OutDirectoryWriter.Write(outDir, files, null, 2).Changed);
    }

    [Fact]
    public void Should_Remove_Files_That_Are_No_Longer_Rendered()
    {
        using var temp = new TempDir();
        var outDir = temp.Combine("out");
        OutDirectoryWriter.Write(outDir, [Text("keep.txt", "k"), Text("gone/old.txt", "o")], null, 2);
        var result = OutDirectoryWriter.Write(outDir, [Text("keep.txt", "k")], null, 2);
        Assert.Equal(1, result.Removed);
        Assert.False(Directory.Exists(Path.Combine(outDir, "gone")));
    }

    [Fact]
    public void Should_Leave_Out_Unchanged_When_A_Template_Is_Broken()
    {
        using var temp = new TempDir();
        var first = DeterminismTests.RenderWithCli(temp, "run", [], threads: 2);
        var outDir = Path.Combine(first, "out");
        var before = Trees.Snapshot(outDir);
        var templates = temp.Combine("templates");
        TempDir.CopyTree(Repo.Templates, templates);
        File.AppendAllText(Path.Combine(templates, "cloud-init", "meta-data.sbn"), "{{ no_such_variable }}\n");

        var result = CliProcess.Run(["render", "--inventory", Path.Combine(first, "inventory"), "--out", outDir, "--templates", templates]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INV0802", result.Output, StringComparison.Ordinal);
        Assert.Contains("templates/cloud-init/meta-data.sbn:", result.Output, StringComparison.Ordinal);
        var after = Trees.Snapshot(outDir);
        Assert.Equal(before.Keys, after.Keys);
        Assert.All(before, entry => Assert.Equal(entry.Value, after[entry.Key]));
    }

    private static long Inode(string path)
    {
        var result = ExternalTool.Run("stat", ["-c", "%i", path]);
        return long.Parse(result.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
