using System.Collections.Immutable;
using Werkbank.Diagnostics;

namespace Werkbank.Inventory.Yaml;

/// <summary>
/// A YAML tree that remembers where every node stands. YamlDotNet's own representation model
/// throws on the first duplicate key and expands aliases without limit; ours records both as data.
/// </summary>
public abstract record YamlValue(SourceSpan Span)
{
    public abstract string KindName { get; }
}

public sealed record YamlScalarValue(SourceSpan Span, string Text, bool IsPlain) : YamlValue(Span)
{
    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar: YAML 1.2's null.</summary>
    public bool IsNull => IsPlain && Text is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "nothing (null)" : $"a scalar";
}

public sealed record YamlMappingValue(SourceSpan Span, ImmutableArray<YamlEntry> Entries) : YamlValue(Span)
{
    public override string KindName => "a mapping";
}

public sealed record YamlSequenceValue(SourceSpan Span, ImmutableArray<YamlValue> Items) : YamlValue(Span)
{
    public override string KindName => "a list";
}

public sealed record YamlEntry(YamlScalarValue Key, YamlValue Value);
