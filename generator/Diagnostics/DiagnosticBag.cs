using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Werkbank.Diagnostics;

/// <summary>
/// Collects diagnostics from every stage. Thread-safe, because files are loaded in parallel;
/// <see cref="ToSortedArray"/> gives the deterministic order in which they are printed.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly ConcurrentQueue<Diagnostic> items = new();

    public void Add(Diagnostic diagnostic) => items.Enqueue(diagnostic);

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            items.Enqueue(diagnostic);
        }
    }

    public bool HasErrors => items.Any(d => d.IsError);

    public int Count => items.Count;

    public ImmutableArray<Diagnostic> ToSortedArray() =>
        items.Distinct().OrderBy(d => d, Diagnostic.Order).ToImmutableArray();
}
