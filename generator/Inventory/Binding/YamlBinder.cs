using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Werkbank.Diagnostics;
using Werkbank.Inventory.Documents;
using Werkbank.Inventory.Yaml;

namespace Werkbank.Inventory.Binding;

/// <summary>
/// Maps a <see cref="YamlValue"/> tree onto the document records, reporting unknown keys (with a
/// "did you mean"), duplicate keys, wrong types, values outside their enum, range or pattern, and
/// missing required keys. It binds what it can, so that one run shows every problem.
/// </summary>
public sealed class YamlBinder(ICollection<Diagnostic> diagnostics)
{
    public T? BindObject<T>(YamlValue value, string context, SourceSpan nameSpan)
        where T : InventoryNode =>
        (T?)BindNode(typeof(T), value, context, nameSpan);

    public IReadOnlyDictionary<string, T> BindMap<T>(YamlValue value, string context)
        where T : InventoryNode
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (value is not YamlMappingValue mapping)
        {
            diagnostics.Add(DiagnosticBuilder.At(value.Span).WrongType(context, "a mapping of names", value.KindName));
            return result;
        }

        var entries = UniqueEntries(mapping);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (BindNode(typeof(T), entry.Value, $"{context} '{entry.Key.Text}'", entry.Key.Span) is T node)
            {
                result[entry.Key.Text] = node;
            }
        }

        return result;
    }

    private InventoryNode? BindNode(Type type, YamlValue value, string context, SourceSpan nameSpan)
    {
        if (value is not YamlMappingValue mapping)
        {
            diagnostics.Add(DiagnosticBuilder.At(value.Span).WrongType(context, "a mapping", value.KindName));
            return null;
        }

        var shape = TypeShape.Of(type);
        var node = (InventoryNode)Activator.CreateInstance(type)!;
        var entries = UniqueEntries(mapping);
        var spans = new Dictionary<string, SourceSpan>(entries.Count + 4, StringComparer.Ordinal); // a key each, and some list items
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var key = entry.Key.Text;
            if (!shape.Properties.TryGetValue(key, out var property))
            {
                diagnostics.Add(DiagnosticBuilder.At(entry.Key.Span).UnknownKey(key, context, shape.Properties.Keys));
                continue;
            }

            if (entry.Value is YamlScalarValue { IsNull: true })
            {
                continue; // `key:` with nothing after it means "not set".
            }

            var bound = BindValue(property.Property.PropertyType, entry.Value, $"'{key}' in {context}", key, spans);
            if (bound is not null && Check(property, bound, entry.Value.Span, key))
            {
                // Only a value that was bound counts as written (Has): rules must not check a default
                // that stands in for a value already reported as wrong.
                spans[key] = entry.Value.Span;
                property.Property.SetValue(node, bound);
            }
        }

        foreach (var property in shape.Properties.Values)
        {
            if (property.Required && !IsSet(entries, property.Key))
            {
                diagnostics.Add(DiagnosticBuilder.At(mapping.Span).MissingKey(property.Key, context));
            }
        }

        var withSpans = node with { Span = nameSpan, ValueSpans = spans };
        return withSpans;
    }

    /// <summary>Whether <paramref name="key"/> is given a value (a key with nothing after it is not set).</summary>
    private static bool IsSet(IReadOnlyList<YamlEntry> entries, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key.Text, key, StringComparison.Ordinal))
            {
                return entries[i].Value is not YamlScalarValue { IsNull: true };
            }
        }

        return false;
    }

    private object? BindValue(Type type, YamlValue value, string what, string key, Dictionary<string, SourceSpan> spans)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return value is YamlScalarValue text ? text.Text : WrongType(value, what, "text");
        }

        if (underlying == typeof(int))
        {
            return value is YamlScalarValue { IsPlain: true } number
                && int.TryParse(number.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : WrongType(value, what, "a whole number");
        }

        if (underlying == typeof(double))
        {
            return value is YamlScalarValue { IsPlain: true } number
                && double.TryParse(number.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                && double.IsFinite(parsed)
                ? parsed
                : WrongType(value, what, "a number");
        }

        if (underlying == typeof(bool))
        {
            return value is YamlScalarValue { IsPlain: true, Text: "true" or "True" or "TRUE" or "false" or "False" or "FALSE" } flag
                ? flag.Text.Equals("true", StringComparison.OrdinalIgnoreCase)
                : WrongType(value, what, "true or false");
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return BindList(underlying.GetGenericArguments()[0], value, what, key, spans);
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return BindDictionary(underlying.GetGenericArguments()[1], value, what, key, spans);
        }

        if (typeof(InventoryNode).IsAssignableFrom(underlying))
        {
            return BindNode(underlying, value, what, value.Span);
        }

        throw new InvalidOperationException($"The binder does not know the property type {type}.");
    }

    // List<T> of a reference type shares its native code with every other; the documents' lists hold strings and records.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Lists of reference types only; NativeBuildTests binds every document.")]
    private object? BindList(Type itemType, YamlValue value, string what, string key, Dictionary<string, SourceSpan> spans)
    {
        if (value is not YamlSequenceValue sequence)
        {
            return WrongType(value, what, "a list");
        }

        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var item = sequence.Items[i];
            spans[$"{key}[{i}]"] = item.Span;
            var bound = BindValue(itemType, item, $"item {i + 1} of {what}", $"{key}[{i}]", spans);
            if (bound is not null)
            {
                list.Add(bound);
            }
        }

        return list;
    }

    // Dictionary<string, T>: reference types share native code; the one value type, Dictionary<string, int>
    // (RoleDocument.RateLimits), is also made in code, so its native code exists.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "See above; NativeBuildTests binds every document.")]
    private object? BindDictionary(Type valueType, YamlValue value, string what, string key, Dictionary<string, SourceSpan> spans)
    {
        if (value is not YamlMappingValue mapping)
        {
            return WrongType(value, what, "a mapping");
        }

        var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(
            typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
        var entries = UniqueEntries(mapping);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            spans[$"{key}.{entry.Key.Text}"] = typeof(InventoryNode).IsAssignableFrom(valueType) ? entry.Key.Span : entry.Value.Span;
            var bound = typeof(InventoryNode).IsAssignableFrom(valueType)
                ? BindNode(valueType, entry.Value, $"'{entry.Key.Text}' in {what}", entry.Key.Span)
                : BindValue(valueType, entry.Value, $"'{entry.Key.Text}' in {what}", $"{key}.{entry.Key.Text}", spans);
            if (bound is not null)
            {
                dictionary[entry.Key.Text] = bound;
            }
        }

        return dictionary;
    }

    /// <summary>The mapping's entries without repeated keys (the first of each stays; the others are reported).</summary>
    private IReadOnlyList<YamlEntry> UniqueEntries(YamlMappingValue mapping)
    {
        // Most mappings (a document's keys) are small and have no repeated key: checked pairwise, and
        // their entries are returned as they are. A set per mapping was ~4% of what loading allocated.
        var entries = mapping.Entries;
        if (entries.Length <= 16 && !HasRepeatedKey(entries))
        {
            return entries;
        }

        var seen = new HashSet<string>(entries.Length, StringComparer.Ordinal);
        var unique = new List<YamlEntry>(entries.Length);
        foreach (var entry in entries)
        {
            if (seen.Add(entry.Key.Text))
            {
                unique.Add(entry);
            }
            else
            {
                diagnostics.Add(DiagnosticBuilder.At(entry.Key.Span).DuplicateKey(entry.Key.Text));
            }
        }

        return unique;
    }

    private static bool HasRepeatedKey(ImmutableArray<YamlEntry> entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(entries[i].Key.Text, entries[j].Key.Text, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool Check(PropertyShape property, object bound, SourceSpan span, string key)
    {
        if (property.AllowedValues is { } allowed && bound is string text && !allowed.Contains(text, StringComparer.Ordinal))
        {
            diagnostics.Add(DiagnosticBuilder.At(span).InvalidEnumValue($"'{key}'", text, allowed));
            return false;
        }

        if (property.Range is { } range && bound is int or double && !range.IsValid(bound))
        {
            diagnostics.Add(DiagnosticBuilder.At(span).ValueOutOfRange($"'{key}'",
                Convert.ToString(bound, CultureInfo.InvariantCulture)!, $"between {range.Minimum} and {range.Maximum}"));
            return false;
        }

        if (property.Pattern is { } pattern && bound is string value && !FullMatch(value, pattern.Pattern))
        {
            diagnostics.Add(DiagnosticBuilder.At(span).StringPatternMismatch($"'{key}'", value, pattern.Pattern));
            return false;
        }

        return true;
    }

    /// <summary>The pattern matches the whole value: '$' in a (JSON Schema compatible) pattern also matches before a final line break in .NET.</summary>
    private static bool FullMatch(string value, string pattern) =>
        Regex.Match(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) is { Success: true, Index: 0 } match && match.Length == value.Length;

    private object? WrongType(YamlValue value, string what, string expected)
    {
        diagnostics.Add(DiagnosticBuilder.At(value.Span).WrongType(what, expected, Describe(value)));
        return null;
    }

    private static string Describe(YamlValue value) =>
        value is YamlScalarValue scalar ? $"'{Truncate(scalar.Text)}'" : value.KindName;

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
