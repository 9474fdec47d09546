using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Werkbank.Output;

/// <summary>What a write did, for the command's summary.</summary>
public sealed record WriteResult(bool Changed, int Added, int Modified, int Removed, int Unchanged);

/// <summary>A file outside out/ that is written in the same atomic step (the allocation ledger).</summary>
public sealed record CompanionFile(string Path, byte[] Content)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}

/// <summary>
/// Stage 5: replaces out/ with the rendered files in one step. The new tree is built beside out/
/// (unchanged files hard-linked, not rewritten), then swapped in with renameat2(RENAME_EXCHANGE).
/// A render killed at any moment leaves out/ and the ledger fully old or, after the next run's
/// recovery, fully new: the manifest records the ledger's hash, which decides a half-finished commit.
/// </summary>
public static class OutDirectoryWriter
{
    private const string PendingSuffix = ".werkbank-new";

    /// <summary>
    /// Fault injection for the crash tests: called with the name of each step just before it runs
    /// ("staging", "ledger-pending", "commit", "ledger-move"); a test throws from it to stop the write
    /// there, as a SIGKILL would. Flows with the calling test only (AsyncLocal).
    /// </summary>
    internal static AsyncLocal<Action<string>?> CrashPoint { get; } = new();

    /// <summary>For the crash tests: take the two-rename path that systems without renameat2 use.</summary>
    internal static AsyncLocal<bool> ForceFallback { get; } = new();

    private static void Step(string name) => CrashPoint.Value?.Invoke(name);

    public static string StagingPath(string outDirectory) => Sibling(outDirectory, "staging");

    private static string OldPath(string outDirectory) => Sibling(outDirectory, "old");

    /// <summary>The lock file beside out/; it stays (removing it would race with a waiting run).</summary>
    public static string LockPath(string outDirectory) => Sibling(outDirectory, "lock");

    /// <summary>How long a run waits for another run that is writing the same out/.</summary>
    internal static AsyncLocal<TimeSpan?> LockWait { get; } = new();

    /// <summary>
    /// Takes the exclusive lock on out/ (flock through FileShare.None; the kernel drops it when the
    /// process dies, also by SIGKILL). Two renders at once would otherwise delete each other's staging
    /// tree in Recover, or swap a half-written tree in.
    /// </summary>
    public static IDisposable Lock(string outDirectory)
    {
        var path = LockPath(outDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + (LockWait.Value ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                Thread.Sleep(100);
            }
            catch (IOException ex) when (File.Exists(path))
            {
                throw new IOException($"another werkbank run is writing {outDirectory}/ (it holds {path})", ex);
            }
        }
    }

    private static string Sibling(string outDirectory, string what)
    {
        var full = Path.GetFullPath(outDirectory).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.werkbank-{what}");
    }

    /// <summary>Finishes or undoes what a killed run left behind. Every command calls this first.</summary>
    public static void Recover(string outDirectory, string? companionPath)
    {
        using var exclusive = Lock(outDirectory);
        RecoverLocked(outDirectory, companionPath);
    }

    internal static void RecoverLocked(string outDirectory, string? companionPath)
    {
        var old = OldPath(outDirectory);
        if (Directory.Exists(old))
        {
            if (Directory.Exists(outDirectory))
            {
                Directory.Delete(old, recursive: true); // the new tree was already in place
            }
            else
            {
                Directory.Move(old, outDirectory); // killed between the two renames of the fallback: roll back
            }
        }

        if (companionPath is not null && File.Exists(companionPath + PendingSuffix))
        {
            var pending = new CompanionFile(companionPath, File.ReadAllBytes(companionPath + PendingSuffix));
            if (Manifest.TryRead(outDirectory)?.LedgerSha256 == pending.Sha256)
            {
                File.Move(companionPath + PendingSuffix, companionPath, overwrite: true); // out/ is new: roll the ledger forward
            }
            else
            {
                File.Delete(companionPath + PendingSuffix); // out/ is old: the new ledger never counted
            }
        }

        var staging = StagingPath(outDirectory);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <param name="early">The tree the render already wrote into the staging folder (into an empty out/), or null.</param>
    public static WriteResult Write(string outDirectory, ImmutableArray<OutputFile> files, CompanionFile? companion, int parallelism, EarlyStaging? early = null)
    {
        if (early is not null)
        {
            return CommitEarly(early, files, companion);
        }

        using var exclusive = Lock(outDirectory);
        RecoverLocked(outDirectory, companion?.Path);
        var oldManifest = Pipeline.PhaseTimer.Measure("write: read manifest", () => Manifest.TryRead(outDirectory));
        var manifest = Manifest.For(files, companion?.Sha256);
        var all = files.Add(manifest.ToFile());
        var oldHashes = (oldManifest?.Files ?? []).ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        var companionChanged = companion is not null && !SameBytes(companion.Path, companion.Content);

        var reusable = Pipeline.PhaseTimer.Measure("write: compare", () => files.AsParallel().WithDegreeOfParallelism(parallelism)
            .Where(f => oldHashes.TryGetValue(f.Path, out var sha) && sha == f.Sha256 && OnDisk(outDirectory, f))
            .Select(f => f.Path).ToHashSet(StringComparer.Ordinal));
        var unchanged = reusable.Count;
        var added = files.Count(f => !oldHashes.ContainsKey(f.Path));
        var removed = oldHashes.Keys.Except(files.Select(f => f.Path), StringComparer.Ordinal).Count();
        var modified = files.Length - unchanged - added;
        var sameManifest = SameBytes(Path.Combine(outDirectory, Manifest.FileName), all[^1].Bytes.Span);
        GC.KeepAlive(all[^1]); // see OutputFile.Bytes
        if (unchanged == files.Length && removed == 0 && !companionChanged && sameManifest
            && OutTree.HoldsOnly(outDirectory, all.Select(f => f.Path))) // nothing added to out/ by hand either
        {
            return new WriteResult(false, 0, 0, 0, unchanged);
        }

        var staging = StagingPath(outDirectory);
        Step("staging");
        Directory.CreateDirectory(staging);
        foreach (var folder in all.Select(f => Path.GetDirectoryName(f.Path)!).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(Path.Combine(staging, folder));
        }

        try
        {
            Parallel.ForEach(all, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
            {
                var target = Path.Combine(staging, file.Path);
                var reuse = reusable.Contains(file.Path)
                    && NativeFileSystem.TryHardLink(Path.Combine(outDirectory, file.Path), target);
                if (!reuse)
                {
                    NativeFileSystem.CreateFile(target, file.Bytes.Span);
                    GC.KeepAlive(file); // see OutputFile.Bytes
                }
            });
        }
        catch (AggregateException ex)
        {
            var first = ex.Flatten().InnerExceptions[0];
            TryDelete(staging);
            throw new IOException($"writing {Path.GetFileName(staging)} failed: {first.Message}", first);
        }

        CommitWithCompanion(outDirectory, staging, companionChanged ? companion : null);
        return new WriteResult(true, added, modified, removed, unchanged);
    }

    /// <summary>Finishes a tree the render wrote while it ran: the manifest, then the same commit as above.</summary>
    private static WriteResult CommitEarly(EarlyStaging early, ImmutableArray<OutputFile> files, CompanionFile? companion)
    {
        var manifest = Pipeline.PhaseTimer.Measure("write: manifest", () => early.ManifestFor(files, companion?.Sha256));
        Pipeline.PhaseTimer.Measure("write: rest of the tree", () =>
        {
            early.Complete(manifest);
            return 0;
        });
        var companionChanged = companion is not null && !SameBytes(companion.Path, companion.Content);
        CommitWithCompanion(early.OutDirectory, early.Root, companionChanged ? companion : null);
        early.MarkCommitted();
        return new WriteResult(true, files.Length, 0, 0, 0);
    }

    /// <summary>Swaps the staging tree in; a changed ledger goes pending first and moves after the swap.</summary>
    private static void CommitWithCompanion(string outDirectory, string staging, CompanionFile? changedCompanion)
    {
        if (changedCompanion is not null)
        {
            Step("ledger-pending");
            File.WriteAllBytes(changedCompanion.Path + PendingSuffix, changedCompanion.Content);
        }

        Step("commit");
        Pipeline.PhaseTimer.Measure("write: commit", () =>
        {
            Commit(outDirectory, staging);
            return 0;
        });
        if (changedCompanion is not null)
        {
            Step("ledger-move");
            File.Move(changedCompanion.Path + PendingSuffix, changedCompanion.Path, overwrite: true);
        }
    }

    private static void Commit(string outDirectory, string staging)
    {
        if (!Directory.Exists(outDirectory))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outDirectory))!);
            Directory.Move(staging, outDirectory);
            return;
        }

        if (!ForceFallback.Value && NativeFileSystem.TryExchange(staging, outDirectory))
        {
            Directory.Delete(staging, recursive: true); // now holds the old tree
            return;
        }

        // No atomic exchange here: two renames, with Recover() restoring out/ if killed between them.
        var old = OldPath(outDirectory);
        Directory.Move(outDirectory, old);
        Step("fallback-between-renames");
        Directory.Move(staging, outDirectory);
        Directory.Delete(old, recursive: true);
    }

    /// <summary>The file in out/ has exactly these bytes (a hand edit of out/ is never kept).</summary>
    private static bool OnDisk(string outDirectory, OutputFile file)
    {
        var path = Path.Combine(outDirectory, file.Path);
        var same = new FileInfo(path).LinkTarget is null && SameBytes(path, file.Bytes.Span);
        GC.KeepAlive(file); // see OutputFile.Bytes
        return same;
    }

    /// <summary>
    /// The file holds exactly <paramref name="content"/>. Read into a pooled buffer: a render after adding one
    /// user compares all 40,000 files of 10,000 users, and an array per file was ~270 MB of garbage.
    /// </summary>
    private static bool SameBytes(string path, ReadOnlySpan<byte> content)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) // missing, a folder, unreadable: not the same
        {
            return false;
        }

        using (handle)
        {
            if (RandomAccess.GetLength(handle) != content.Length)
            {
                return false;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(content.Length, 1));
            try
            {
                var read = 0;
                while (read < content.Length && RandomAccess.Read(handle, buffer.AsSpan(read, content.Length - read), read) is var count and > 0)
                {
                    read += count;
                }

                return read == content.Length && buffer.AsSpan(0, read).SequenceEqual(content);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Recover() at the start of the next run removes it.
        }
    }
}
