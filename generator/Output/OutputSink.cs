using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Werkbank.Output;

/// <summary>Where targets put their files. Safe to use from parallel renders; the result is sorted by path.</summary>
public sealed class OutputSink
{
    private readonly ConcurrentDictionary<string, OutputFile> files = new(StringComparer.Ordinal);

    public void Add(OutputFile file)
    {
        if (!OutputPaths.IsSafe(file.Path))
        {
            throw new InvalidOperationException($"A target produced an unsafe output path '{file.Path}'.");
        }

        if (!files.TryAdd(file.Path, file))
        {
            throw new InvalidOperationException($"Two targets produced the same output path '{file.Path}'.");
        }
    }

    public ImmutableArray<OutputFile> ToSortedArray() =>
        [.. files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];
}

public static class OutputPaths
{
    /// <summary>Relative, forward slashes, no '.', '..' or empty segments: a path can never leave out/.</summary>
    public static bool IsSafe(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != ".." && !segment.Any(char.IsControl));
}
