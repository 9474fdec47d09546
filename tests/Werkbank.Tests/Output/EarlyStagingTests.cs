using System.Collections.Immutable;
using System.Text;
using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Output;

/// <summary>
/// A render into an empty out/ writes its files while it renders (<see cref="EarlyStaging"/>): the same
/// tree and ledger as writing after the render, nothing in out/ before the commit, nothing left
/// behind by a failed render, a failed write reported, and the same crash safety as the writer.
/// </summary>
public sealed class EarlyStagingTests
{
    private sealed class Killed : Exception;

    private static readonly ImmutableArray<OutputFile> Files =
        [.. Enumerable.Range(0, 300).Select(i => OutputFile.Text($"users/u{i:D3}/{(i % 2 == 0 ? "a" : "deep/b")}.txt", $"file {i}\n", "test")),
         OutputFile.Text("top.txt", "top\n", "test")];

    private static CompanionFile Ledger(string root, string version) =>
        new(Path.Combine(root, "inventory", "allocations.lock.yaml"), Encoding.UTF8.GetBytes($"ledger: {version}\n"));

    /// <summary>What the writer makes of the same files into a fresh folder, without early staging.</summary>
    private static (SortedDictionary<string, string> Out, string Ledger) Reference()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        var ledger = Ledger(temp.Path, "new");
        OutDirectoryWriter.Write(temp.Combine("out"), Files, ledger, 2);
        return (Writer.CrashSafetyTests.Snapshot(temp.Combine("out")), File.ReadAllText(ledger.Path));
    }

    /// <summary>Puts every file from parallel threads in a shuffled order, as the targets do.</summary>
    private static void PutAll(EarlyStaging early, IEnumerable<OutputFile> files) =>
        Parallel.ForEach(files.OrderBy(f => f.Path.GetHashCode(StringComparison.Ordinal)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, early.Put);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void Should_Write_The_Same_Tree_And_Ledger_As_Writing_After_The_Render(bool outExistsEmpty, int writers)
    {
        var reference = Reference();
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        File.WriteAllText(Ledger(temp.Path, "old").Path, "ledger: old\n");
        var outDirectory = temp.Combine("out");
        if (outExistsEmpty)
        {
            Directory.CreateDirectory(outDirectory);
        }

        WriteResult result;
        using (var early = EarlyStaging.TryStart(outDirectory, Ledger(temp.Path, "x").Path, writers))
        {
            Assert.NotNull(early);
            PutAll(early, Files);
            // Nothing reaches out/ before the commit.
            Assert.True(outExistsEmpty ? !Directory.EnumerateFileSystemEntries(outDirectory).Any() : !Directory.Exists(outDirectory));
            result = OutDirectoryWriter.Write(outDirectory, Files, Ledger(temp.Path, "new"), 2, early);
        }

        Assert.Equal(new WriteResult(true, Files.Length, 0, 0, 0), result);
        Assert.Equal(reference.Out, Writer.CrashSafetyTests.Snapshot(outDirectory));
        Assert.Equal(reference.Ledger, File.ReadAllText(Ledger(temp.Path, "x").Path));
        Assert.Equal([".out.werkbank-lock", "inventory", "out"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (OutDirectoryWriter.Lock(outDirectory))
        {
            // released: taken again at once
        }
    }

    [Fact]
    public void Should_Not_Start_When_Out_Holds_Anything()
    {
        using var temp = new TempDir();
        var outDirectory = temp.Combine("out");
        Directory.CreateDirectory(Path.Combine(outDirectory, "empty-folder"));

        Assert.Null(EarlyStaging.TryStart(outDirectory, null));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDirectory)));
        using (OutDirectoryWriter.Lock(outDirectory))
        {
            // released
        }
    }

    [Fact]
    public void Should_Leave_Nothing_Behind_When_The_Render_Fails()
    {
        using var temp = new TempDir();
        var outDirectory = temp.Combine("out");
        using (var early = EarlyStaging.TryStart(outDirectory, null))
        {
            PutAll(early!, Files.Take(100)); // then a target fails: no commit
        }

        Assert.False(Directory.Exists(outDirectory));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDirectory)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Should_Report_A_Failed_Write_And_Leave_Out_Untouched(int writers)
    {
        using var temp = new TempDir();
        var outDirectory = temp.Combine("out");
        Directory.CreateDirectory(outDirectory);
        // "c" as a file and "c/d" as a file cannot both exist.
        ImmutableArray<OutputFile> broken = [.. Files, OutputFile.Text("c", "x", "test"), OutputFile.Text("c/d", "y", "test")];
        using (var early = EarlyStaging.TryStart(outDirectory, null, writers))
        {
            foreach (var file in broken)
            {
                early!.Put(file);
            }

            var error = Assert.Throws<IOException>(() => OutDirectoryWriter.Write(outDirectory, broken, null, 2, early));
            Assert.Contains("werkbank-staging failed", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(outDirectory));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDirectory)));
    }

    [Theory]
    [InlineData("ledger-pending", "old")]
    [InlineData("commit", "old")]
    [InlineData("ledger-move", "new")]
    public void Should_Leave_Out_And_Ledger_Both_Old_Or_Both_New_When_Killed(string step, string expected)
    {
        var reference = expected == "new" ? Reference() : (Out: new SortedDictionary<string, string>(StringComparer.Ordinal), Ledger: "ledger: old\n");
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        File.WriteAllText(Ledger(temp.Path, "old").Path, "ledger: old\n");
        var outDirectory = temp.Combine("out");

        OutDirectoryWriter.CrashPoint.Value = name =>
        {
            if (name == step)
            {
                throw new Killed();
            }
        };
        try
        {
            // Disposing stands in for the kernel releasing the lock of a killed process; what it deletes,
            // the next run's recovery would delete too.
            using var early = EarlyStaging.TryStart(outDirectory, Ledger(temp.Path, "x").Path);
            PutAll(early!, Files);
            Assert.Throws<Killed>(() => OutDirectoryWriter.Write(outDirectory, Files, Ledger(temp.Path, "new"), 2, early));
        }
        finally
        {
            OutDirectoryWriter.CrashPoint.Value = null;
        }

        OutDirectoryWriter.Recover(outDirectory, Ledger(temp.Path, "x").Path);

        Assert.Equal(reference.Out, Writer.CrashSafetyTests.Snapshot(outDirectory));
        Assert.Equal(reference.Ledger, File.ReadAllText(Ledger(temp.Path, "x").Path));
        Assert.Equal(["allocations.lock.yaml"], Directory.EnumerateFileSystemEntries(temp.Combine("inventory")).Select(Path.GetFileName));
        Assert.False(Directory.Exists(OutDirectoryWriter.StagingPath(outDirectory)));
    }

    [Theory]
    [InlineData("same")]
    [InlineData("other files")]
    [InlineData("other ledger")]
    public void Should_Commit_The_Manifest_Of_The_Files_And_Ledger_It_Writes_Whatever_Was_Prepared(string prepared)
    {
        // The manifest is made in the background during the checks (PrepareManifest); the commit takes it
        // only if it was made of the very files and ledger that are written.
        var reference = Reference();
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("inventory"));
        var outDirectory = temp.Combine("out");
        var ledger = Ledger(temp.Path, "new");
        using (var early = EarlyStaging.TryStart(outDirectory, ledger.Path, 2))
        {
            Assert.NotNull(early);
            PutAll(early, Files);
            early.PrepareManifest(
                prepared == "other files" ? [.. Files.Skip(1)] : Files,
                () => prepared == "other ledger" ? Ledger(temp.Path, "old").Sha256 : ledger.Sha256);
            OutDirectoryWriter.Write(outDirectory, Files, ledger, 2, early);
        }

        Assert.Equal(reference.Out, Writer.CrashSafetyTests.Snapshot(outDirectory));
    }
}
