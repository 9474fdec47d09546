using System.Collections.Immutable;

namespace Werkbank.Output;

/// <summary>The file-level difference between a render and the current out/ (and ledger), by content.</summary>
public sealed record OutDiff(ImmutableArray<string> Lines, int Added, int Changed, int Removed)
{
    public bool IsEmpty => Added + Changed + Removed == 0;

    public static OutDiff Compare(string outDirectory, ImmutableArray<OutputFile> files, CompanionFile? ledger)
    {
        var manifest = Manifest.For(files, ledger?.Sha256).ToFile();
        var expected = files.Add(manifest).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var existing = Directory.Exists(outDirectory)
            ? Directory.EnumerateFiles(outDirectory, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(outDirectory, p).Replace('\\', '/'))
                .ToHashSet(StringComparer.Ordinal)
            : [];
        var lines = new List<string>();
        int added = 0, changed = 0, removed = 0;
        foreach (var (path, file) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!existing.Contains(path))
            {
                lines.Add($"+ {path}");
                added++;
                continue;
            }

            var same = File.ReadAllBytes(Path.Combine(outDirectory, path)).AsSpan().SequenceEqual(file.Bytes.Span);
            GC.KeepAlive(file); // see OutputFile.Bytes
            if (!same)
            {
                lines.Add($"~ {path}");
                changed++;
            }
        }

        foreach (var path in existing.Where(p => !expected.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            lines.Add($"- {path}");
            removed++;
        }

        if (ledger is not null && !(File.Exists(ledger.Path) && File.ReadAllBytes(ledger.Path).AsSpan().SequenceEqual(ledger.Content)))
        {
            lines.Add($"~ {ledger.Path} (allocation ledger)");
            changed++;
        }

        return new OutDiff([.. lines], added, changed, removed);
    }
}
