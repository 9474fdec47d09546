using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Namotion.Reflection;
using NJsonSchema;
using NJsonSchema.Generation;
using Werkbank.Inventory.Documents;

namespace Werkbank.Inventory.Schema;

/// <summary>
/// The JSON Schema of each inventory file kind, generated from the same document records the loader
/// binds to, so that the schema and the loader cannot drift apart. Written to schema/ by
/// `werkbank schema`; a test fails when the committed files are stale.
/// </summary>
public static class InventorySchemas
{
    /// <summary>File kind -> the type that describes the file. Maps of named objects are dictionaries.</summary>
    public static IReadOnlyList<(string Kind, Type Type, string Title)> Kinds { get; } =
    [
        ("platform", typeof(PlatformDocument), "platform.yaml"),
        ("hosts", typeof(Dictionary<string, HostDocument>), "hosts.yaml: hardware by name"),
        ("services", typeof(Dictionary<string, ServiceDocument>), "services.yaml: central services by name"),
        ("roles", typeof(Dictionary<string, RoleDocument>), "roles.yaml: roles by name"),
        ("team", typeof(TeamDocument), "teams/<team>.yaml"),
        ("user", typeof(UserDocument), "users/<user>.yaml"),
    ];

    public static IReadOnlyDictionary<string, string> Generate()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, type, title) in Kinds)
        {
            result[$"{kind}.schema.json"] = GenerateOne(type, title);
        }

        return result;
    }

    private static string GenerateOne(Type type, string title)
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower },
            SchemaType = SchemaType.JsonSchema,
            DefaultReferenceTypeNullHandling = ReferenceTypeNullHandling.NotNull,
            FlattenInheritanceHierarchy = true,
            GenerateAbstractProperties = false,
        };
        settings.SchemaProcessors.Add(new AllowedValuesProcessor());
        var schema = JsonSchema.FromType(type, settings);
        schema.Title = title;
        schema.Id = null;
        if (type.IsGenericType)
        {
            schema.ExtensionData ??= new Dictionary<string, object?>();
            schema.ExtensionData["propertyNames"] = new Dictionary<string, object?> { ["pattern"] = Slug.Pattern };
        }

        return schema.ToJson().Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>[AllowedValues] on a string property becomes a JSON Schema enum, as the loader enforces it.</summary>
    private sealed class AllowedValuesProcessor : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            foreach (var property in context.ContextualType.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var allowed = property.GetCustomAttribute<AllowedValuesAttribute>();
                var key = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
                if (allowed is null || !context.Schema.Properties.TryGetValue(key, out var schemaProperty))
                {
                    continue;
                }

                foreach (var value in allowed.Values)
                {
                    schemaProperty.Enumeration.Add(value);
                }
            }
        }
    }
}
