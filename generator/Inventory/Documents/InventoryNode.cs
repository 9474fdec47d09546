using System.Text.Json.Serialization;
using Werkbank.Diagnostics;

namespace Werkbank.Inventory.Documents;

/// <summary>
/// Base of every object read from the inventory. It carries where the object and each of its values
/// stand, so that any later stage can point an admin at the line that caused something.
/// </summary>
public abstract record InventoryNode
{
    /// <summary>Where the object is named: its key in the parent mapping, or the start of its file.</summary>
    [JsonIgnore]
    public SourceSpan Span { get; init; }

    /// <summary>
    /// Where each value stands, by snake_case key; list items as <c>key[i]</c>, map entries as <c>key.name</c>.
    /// Written once by the binder and never changed: a plain dictionary, because building an immutable
    /// one per object showed up in the load profile at 10,000 users.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, SourceSpan> ValueSpans { get; init; } = System.Collections.Frozen.FrozenDictionary<string, SourceSpan>.Empty;

    /// <summary>Where the value of <paramref name="key"/> stands, or the object's own position if it was not written.</summary>
    public SourceSpan SpanOf(string key) => ValueSpans.TryGetValue(key, out var span) ? span : Span;

    public SourceSpan SpanOf(string key, int index) => SpanOf($"{key}[{index}]");

    public SourceSpan SpanOfEntry(string key, string entry) => SpanOf($"{key}.{entry}");

    /// <summary>Whether the key was written in the file (as opposed to defaulted).</summary>
    public bool Has(string key) => ValueSpans.ContainsKey(key);
}
