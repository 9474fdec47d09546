using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Werkbank.Output;

/// <summary>
/// The quick no-op path of render. After a successful render, a small file beside out/
/// (<c>.out.werkbank-inputs</c>, git-ignored, local to this machine) records a fingerprint of every
/// input (inventory files, templates, the generator build) and the hash of the manifest it produced.
/// When the inputs are byte-identical, out/ still holds that manifest, every file it lists and nothing else,
/// render stops there instead of compiling again. It is a cache, never the truth: `plan` and CI's
/// render-check always render in full, and `render --force` skips the cache.
/// </summary>
public static class RenderCache
{
    public static string PathFor(string outDirectory)
    {
        var full = Path.GetFullPath(outDirectory).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.werkbank-inputs");
    }

    /// <summary>
    /// Every file (path and bytes) of the inventory and templates as they are on disk now; null when a file
    /// cannot be read (it vanished while listed: the inputs are changing).
    /// </summary>
    public static InputHashes? Read(string inventoryRoot, string templatesRoot) =>
        List(inventoryRoot) is { } inventoryFiles && Hash(inventoryFiles, "inventory") is { } inventory
        && List(templatesRoot) is { } templateFiles && Hash(templateFiles, "templates") is { } templates
            ? new InputHashes([.. inventory, .. templates])
            : null;

    /// <summary>The files under <paramref name="root"/> that are inputs, sorted by their path under it; null when a folder cannot be read.</summary>
    public static IReadOnlyList<InputFile>? List(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var full = Path.GetFullPath(root); // absolute: a relative path costs a getcwd() in every file operation
        try
        {
            return [.. Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                .Select(f => new InputFile(f, Path.GetRelativePath(full, f).Replace('\\', '/')))
                .Where(f => !f.Relative.EndsWith(".werkbank-new", StringComparison.Ordinal))
                .OrderBy(f => f.Relative, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // a folder vanished or cannot be read while listed
        }
    }

    /// <summary>
    /// Each file with the SHA-256 of its bytes, its path prefixed with <paramref name="label"/>. A file whose hash is
    /// in <paramref name="read"/> (by path under the root: what a compilation read) is not read again. Null when a
    /// file cannot be read.
    /// </summary>
    public static IReadOnlyList<(string Relative, byte[] Hash)>? Hash(IReadOnlyList<InputFile> files, string label, IReadOnlyDictionary<string, byte[]>? read = null)
    {
        var hashes = new (string Relative, byte[] Hash)[files.Count];
        var unreadable = 0;
        Parallel.For(0, files.Count, i =>
        {
            var file = files[i];
            try
            {
                hashes[i] = (label + "/" + file.Relative,
                    read is not null && read.TryGetValue(file.Relative, out var known) ? known : SHA256.HashData(ReadBytes(file.Full)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref unreadable);
            }
        });
        return unreadable == 0 ? hashes : null;
    }

    // Most inputs are small: read with four calls where possible (a link, or a larger file, through .NET).
    private static byte[] ReadBytes(string path) => NativeFileSystem.TryReadFile(path, maxBytes: long.MaxValue) ?? File.ReadAllBytes(path);

    /// <summary>The fingerprint of <paramref name="files"/> (see <see cref="Hash"/>), in the order given.</summary>
    internal static string Combine(IEnumerable<(string Relative, byte[] Hash)> files)
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        total.AppendData(Encoding.UTF8.GetBytes("werkbank " + typeof(RenderCache).Assembly.ManifestModule.ModuleVersionId + "\n"));
        foreach (var (relative, hash) in files)
        {
            total.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            total.AppendData(hash);
        }

        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    /// <param name="manifest">out/'s manifest, read by the caller (it needs it when out/ is not up to date).</param>
    public static bool IsUpToDate(string outDirectory, string fingerprint, Func<Manifest?> manifest)
    {
        var cache = PathFor(outDirectory);
        var manifestPath = Path.Combine(outDirectory, Manifest.FileName);
        if (!File.Exists(cache) || !File.Exists(manifestPath))
        {
            return false;
        }

        var lines = File.ReadAllLines(cache);
        if (lines.Length != 2 || lines[0] != fingerprint || lines[1] != ManifestHash(manifestPath))
        {
            return false;
        }

        return manifest() is { } files && OutTree.HoldsOnly(outDirectory, files.Files.Select(f => f.Path).Append(Manifest.FileName));
    }

    public static void Save(string outDirectory, string fingerprint)
    {
        var manifestPath = Path.Combine(outDirectory, Manifest.FileName);
        var text = fingerprint + "\n" + ManifestHash(manifestPath) + "\n";
        var temporary = PathFor(outDirectory) + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, PathFor(outDirectory), overwrite: true);
    }

    /// <summary>The manifest's hash, read in blocks of 1 MiB (at 10,000 users it is 13 MB: no array of it).</summary>
    private static string ManifestHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static void Forget(string outDirectory) => File.Delete(PathFor(outDirectory));
}

/// <summary>An input file: its full path, and its path under the inventory or templates folder (forward slashes).</summary>
public readonly record struct InputFile(string Full, string Relative);

/// <summary>The inputs of a render, file by file (their paths prefixed "inventory/" or "templates/", sorted): what the no-op path fingerprints.</summary>
public sealed record InputHashes(IReadOnlyList<(string Relative, byte[] Hash)> Files)
{
    /// <summary>SHA-256 over the generator's build identity and every file's path and hash.</summary>
    public string Fingerprint => RenderCache.Combine(Files);

    /// <summary>The same inputs with one file's bytes replaced or added (the ledger a render wrote).</summary>
    public InputHashes WithFile(string relative, byte[] hash)
    {
        var files = Files.ToList();
        var at = files.FindIndex(f => string.CompareOrdinal(f.Relative, relative) >= 0);
        if (at >= 0 && files[at].Relative == relative)
        {
            files[at] = (relative, hash);
        }
        else
        {
            files.Insert(at < 0 ? files.Count : at, (relative, hash));
        }

        return new InputHashes(files);
    }
}
