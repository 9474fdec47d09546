using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Werkbank.Inventory.Documents;

namespace Werkbank.Inventory.Binding;

/// <summary>What the binder needs to know about one property of a document record, read once by reflection.</summary>
internal sealed record PropertyShape(
    PropertyInfo Property,
    string Key,
    bool Required,
    IReadOnlyList<string>? AllowedValues,
    RangeAttribute? Range,
    RegularExpressionAttribute? Pattern);

/// <summary>The keys of one document record. Keys are the snake_case property names, as in the JSON Schema.</summary>
internal sealed class TypeShape
{
    private static readonly ConcurrentDictionary<Type, TypeShape> Cache = new();

    private TypeShape(Type type)
    {
        Properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType != typeof(InventoryNode) && p.CanWrite)
            .Select(p => new PropertyShape(
                p,
                KeyOf(p.Name),
                p.GetCustomAttribute<RequiredAttribute>() is not null,
                p.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => (string)v!).ToArray(),
                p.GetCustomAttribute<RangeAttribute>(),
                p.GetCustomAttribute<RegularExpressionAttribute>()))
            .ToDictionary(p => p.Key, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, PropertyShape> Properties { get; }

    public static TypeShape Of(Type type) => Cache.GetOrAdd(type, t => new TypeShape(t));

    public static string KeyOf(string propertyName) => JsonNamingPolicy.SnakeCaseLower.ConvertName(propertyName);
}
