using System.Collections.Immutable;
using System.Text;
using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Writer;

/// <summary>
/// The writer stopped at every step (as a SIGKILL would stop it), with and without renameat2: after
/// the next run's recovery, out/ and the ledger are both fully old or both fully new, and no
/// temporary folder or pending ledger is left behind.
/// </summary>
public sealed class CrashSafetyTests
{
    private sealed class Killed : Exception;

    private static ImmutableArray<OutputFile> Files(string version, int count, int skip = 0) =>
        [.. Enumerable.Range(skip, count).Select(i => OutputFile.Text(
            $"users/u{i:D3}/file.txt",
            i % 3 == 0 ? $"unchanged {i}" : $"{version} {i}", // a third stays the same: those are hard-linked
            $"user:u{i:D3}"))];

    private static readonly ImmutableArray<OutputFile> Old = Files("old", 60);
    private static readonly ImmutableArray<OutputFile> New = Files("new", 60, skip: 10); // 10 removed, 10 added

    private static CompanionFile Ledger(string root, string version) =>
        new(Path.Combine(root, "inventory", "allocations.lock.yaml"), Encoding.UTF8.GetBytes($"ledger: {version}\n"));

    /// <summary>Every file under a folder with its bytes, for whole-tree comparison.</summary>
    public static SortedDictionary<string, string> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
                f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(File.ReadAllBytes(f))), StringComparer.Ordinal)
            : new(StringComparer.Ordinal);

    private static (SortedDictionary<string, string> Out, string Ledger) Reference(string version)
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        var ledger = Ledger(temp.Path, version);
        OutDirectoryWriter.Write(temp.Combine("out"), version == "old" ? Old : New, ledger, 2);
        return (Snapshot(temp.Combine("out")), File.ReadAllText(ledger.Path));
    }

    public static TheoryData<string, bool, string> KillPoints() => new()
    {
        { "staging", false, "old" },
        { "ledger-pending", false, "old" },
        { "commit", false, "old" },
        { "ledger-move", false, "new" },
        { "staging", true, "old" },
        { "commit", true, "old" },
        { "fallback-between-renames", true, "old" },
        { "ledger-move", true, "new" },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public void Should_Leave_Out_And_Ledger_Both_Old_Or_Both_New_When_Killed(string step, bool fallback, string expected)
    {
        var reference = Reference(expected);
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        var outDirectory = temp.Combine("out");
        OutDirectoryWriter.Write(outDirectory, Old, Ledger(temp.Path, "old"), 2);

        OutDirectoryWriter.ForceFallback.Value = fallback;
        OutDirectoryWriter.CrashPoint.Value = name =>
        {
            if (name == step)
            {
                throw new Killed();
            }
        };
        try
        {
            Assert.Throws<Killed>(() => OutDirectoryWriter.Write(outDirectory, New, Ledger(temp.Path, "new"), 2));
        }
        finally
        {
            OutDirectoryWriter.CrashPoint.Value = null;
            OutDirectoryWriter.ForceFallback.Value = false;
        }

        // The next command's first step.
        OutDirectoryWriter.Recover(outDirectory, Ledger(temp.Path, "x").Path);

        Assert.Equal(reference.Out, Snapshot(outDirectory));
        Assert.Equal(reference.Ledger, File.ReadAllText(Ledger(temp.Path, "x").Path));
        Assert.Equal([".out.werkbank-lock", "inventory", "out"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["allocations.lock.yaml"], Directory.EnumerateFileSystemEntries(temp.Combine("inventory")).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_Clean_A_Stale_Staging_Folder_And_Pending_Ledger_On_The_Next_Write()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        var outDirectory = temp.Combine("out");
        OutDirectoryWriter.Write(outDirectory, Old, Ledger(temp.Path, "old"), 2);
        var staging = OutDirectoryWriter.StagingPath(outDirectory);
        Directory.CreateDirectory(Path.Combine(staging, "users", "half"));
        File.WriteAllText(Path.Combine(staging, "users", "half", "file.txt"), "half written");
        File.WriteAllText(Ledger(temp.Path, "x").Path + ".werkbank-new", "ledger: half\n");

        OutDirectoryWriter.Write(outDirectory, New, Ledger(temp.Path, "new"), 2);

        Assert.False(Directory.Exists(staging));
        Assert.Equal(Reference("new").Out, Snapshot(outDirectory));
        Assert.Equal("ledger: new\n", File.ReadAllText(Ledger(temp.Path, "x").Path));
        Assert.False(File.Exists(Ledger(temp.Path, "x").Path + ".werkbank-new"));
    }

    [Fact]
    public void Should_Not_Change_A_Hard_Linked_Old_File_When_Its_New_Version_Is_Written()
    {
        // Unchanged files are hard links between the old and the new tree: a rewrite in place would change both.
        using var temp = new TempDir();
        var outDirectory = temp.Combine("out");
        OutDirectoryWriter.Write(outDirectory, Old, null, 2);
        var before = Snapshot(outDirectory);
        OutDirectoryWriter.CrashPoint.Value = name =>
        {
            if (name == "commit")
            {
                throw new Killed();
            }
        };
        try
        {
            Assert.Throws<Killed>(() => OutDirectoryWriter.Write(outDirectory, New, null, 2));
        }
        finally
        {
            OutDirectoryWriter.CrashPoint.Value = null;
        }

        Assert.Equal(before, Snapshot(outDirectory));
    }

    [Fact]
    public void Should_Refuse_To_Write_While_Another_Run_Holds_The_Lock()
    {
        using var temp = new TempDir();
        var outDirectory = temp.Combine("out");
        OutDirectoryWriter.Write(outDirectory, Old, null, 2);
        var before = Snapshot(outDirectory);
        using (OutDirectoryWriter.Lock(outDirectory))
        {
            OutDirectoryWriter.LockWait.Value = TimeSpan.FromMilliseconds(300);
            try
            {
                var error = Assert.Throws<IOException>(() => OutDirectoryWriter.Write(outDirectory, New, null, 2));
                Assert.StartsWith($"another werkbank run is writing {outDirectory}/", error.Message, StringComparison.Ordinal);
                Assert.Throws<IOException>(() => OutDirectoryWriter.Recover(outDirectory, null));
            }
            finally
            {
                OutDirectoryWriter.LockWait.Value = null;
            }
        }

        Assert.Equal(before, Snapshot(outDirectory));
        OutDirectoryWriter.Write(outDirectory, New, null, 2); // the lock is free again
        Assert.NotEqual(before, Snapshot(outDirectory));
    }
}
