using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Werkbank.Output;

/// <summary>
/// The staging tree of a render into an empty out/, written while the targets still render. With
/// nothing in out/ to compare with, every file is new: each is queued the moment a target adds it and
/// written by writer threads of their own, so the disk works while the targets compute (a thread inside a
/// write() call even goes on while a garbage collection stops the rendering threads). 10,000 users on
/// ext4: ~0.5 s less; on a tmpfs, where writing is pure CPU that both cores are already busy with, the
/// same as writing after the render. There is a writer per core (--threads): the kernel's work of
/// creating files is most of what is left when the targets are done, and one thread alone would leave
/// the other cores idle then. Each folder belongs to one writer, so that two never add files to the
/// same directory (two may add folders to one parent: creating a folder that exists is no error).
/// Nothing reaches out/ before <see cref="OutDirectoryWriter.Write"/> commits the tree, after every
/// check passed; a failed render deletes it (<see cref="Dispose"/>), a killed one leaves it to the next
/// run's recovery. Holds out/'s lock from start to end.
/// </summary>
public sealed class EarlyStaging : IDisposable
{
    private readonly IDisposable exclusive;
    private readonly Writer[] writers;
    private Exception? failure;
    private bool committed;

    private EarlyStaging(string outDirectory, IDisposable exclusive, int writerCount)
    {
        OutDirectory = outDirectory;
        this.exclusive = exclusive;
        Root = Path.GetFullPath(OutDirectoryWriter.StagingPath(outDirectory));
        Directory.CreateDirectory(Root);
        writers = [.. Enumerable.Range(0, Math.Max(1, writerCount)).Select(i => new Writer(this, i))];
    }

    public string OutDirectory { get; }

    /// <summary>The staging folder beside out/.</summary>
    public string Root { get; }

    /// <summary>
    /// Starts early staging when out/ is missing or empty; null otherwise (files already in out/ are
    /// compared and hard-linked by the write after the render, which may also find that nothing changed).
    /// </summary>
    /// <param name="writers">How many threads write files (at least one).</param>
    public static EarlyStaging? TryStart(string outDirectory, string? companionPath, int writers = 1)
    {
        var exclusive = OutDirectoryWriter.Lock(outDirectory);
        try
        {
            OutDirectoryWriter.RecoverLocked(outDirectory, companionPath);
            if (Directory.Exists(outDirectory) && Directory.EnumerateFileSystemEntries(outDirectory).Any())
            {
                exclusive.Dispose();
                return null;
            }

            return new EarlyStaging(outDirectory, exclusive, writers);
        }
        catch
        {
            exclusive.Dispose();
            throw;
        }
    }

    /// <summary>Queues one rendered file for the staging tree. Safe to call from parallel renders.</summary>
    public void Put(OutputFile file)
    {
        _ = file.Sha256; // the manifest needs it: hashed here, by the parallel renders, while the bytes are in cache
        WriterOf(file.Path).Queue.Add(file);
    }

    private (ImmutableArray<OutputFile> Files, Task<(OutputFile File, string? LedgerSha256)> Manifest)? prepared;

    /// <summary>
    /// Starts making the manifest of <paramref name="files"/> in the background: a 10,000-user manifest
    /// (~13 MB of JSON) took ~0.1 s on one core after the checks, while both cores can make it during the
    /// parse-back instead. <see cref="ManifestFor"/> takes it if it was made of the same files and ledger.
    /// </summary>
    /// <param name="ledgerSha256">
    /// The hash of the ledger the render writes, which the manifest records: asked for in the background
    /// too, where the ledger's text (~1 MB at 10,000 users) is made the first time. If the render fails,
    /// the work is simply dropped.
    /// </param>
    public void PrepareManifest(ImmutableArray<OutputFile> files, Func<string?> ledgerSha256) =>
        prepared = (files, Task.Run(() =>
        {
            var sha = ledgerSha256();
            return (Manifest.For(files, sha).ToFile(), sha);
        }));

    /// <summary>The manifest of <paramref name="files"/>: the prepared one if it is of the same files and ledger, else made now.</summary>
    public OutputFile ManifestFor(ImmutableArray<OutputFile> files, string? ledgerSha256)
    {
        if (prepared is { } ready && ready.Files == files && ready.Manifest.GetAwaiter().GetResult() is var made && made.LedgerSha256 == ledgerSha256)
        {
            return made.File;
        }

        return Manifest.For(files, ledgerSha256).ToFile();
    }

    /// <summary>Waits until every queued file is written; throws the first write that failed.</summary>
    public void Complete(OutputFile manifest)
    {
        WriterOf(manifest.Path).Queue.Add(manifest); // throws once completed: a second Complete must not commit a tree without its manifest
        Stop();
        if (failure is not null)
        {
            throw new IOException($"writing {Path.GetFileName(Root)} failed: {failure.Message}", failure);
        }
    }

    /// <summary>The writer of the file's folder: a stable hash (FNV-1a) of the folder's path.</summary>
    private Writer WriterOf(string path)
    {
        var folder = path.AsSpan(0, Math.Max(0, path.LastIndexOf('/')));
        var hash = 2166136261u;
        foreach (var c in folder)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return writers[hash % (uint)writers.Length];
    }

    private void Stop()
    {
        foreach (var writer in writers)
        {
            writer.Queue.CompleteAdding();
        }

        foreach (var writer in writers)
        {
            writer.Thread.Join();
        }
    }

    internal void MarkCommitted() => committed = true;

    /// <summary>Stops the writers and, unless the tree was committed, deletes it; releases out/'s lock.</summary>
    public void Dispose()
    {
        try
        {
            Stop();
            if (!committed && Directory.Exists(Root))
            {
                Directory.Delete(Root, recursive: true);
            }
        }
        catch (IOException)
        {
            // Recover() at the start of the next run removes it.
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Queue.Dispose();
            }

            exclusive.Dispose();
        }
    }

    /// <summary>One writer thread with its queue and the folders it has made.</summary>
    private sealed class Writer
    {
        private readonly EarlyStaging staging;
        private readonly Dictionary<string, string> folders = new(StringComparer.Ordinal); // only this writer's thread uses it

        public Writer(EarlyStaging staging, int index)
        {
            this.staging = staging;
            Thread = new Thread(WriteQueued) { IsBackground = true, Name = $"werkbank staging writer {index}" };
            Thread.Start();
        }

        public BlockingCollection<OutputFile> Queue { get; } = [];

        public Thread Thread { get; }

        private void WriteQueued()
        {
            foreach (var file in Queue.GetConsumingEnumerable())
            {
                if (Volatile.Read(ref staging.failure) is not null)
                {
                    continue; // drain: the commit reports the failure instead of swapping a partial tree in
                }

                try
                {
                    var slash = file.Path.LastIndexOf('/');
                    var target = slash < 0 ? Path.Combine(staging.Root, file.Path) : Path.Combine(Folder(file.Path[..slash]), file.Path[(slash + 1)..]);
                    NativeFileSystem.CreateFile(target, file.Bytes.Span);
                    GC.KeepAlive(file); // see OutputFile.Bytes
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Any failure, also an unexpected one: an exception escaping this thread would end the process with a stack trace.
                    Interlocked.CompareExchange(ref staging.failure, ex, null);
                }
            }
        }

        private string Folder(string relative)
        {
            if (!folders.TryGetValue(relative, out var full))
            {
                full = Directory.CreateDirectory(Path.Combine(staging.Root, relative)).FullName;
                folders.Add(relative, full);
            }

            return full;
        }
    }
}
