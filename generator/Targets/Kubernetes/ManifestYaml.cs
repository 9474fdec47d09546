using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Werkbank.Targets.Kubernetes;

/// <summary>
/// Writes KubernetesClient's model objects as a multi-document YAML stream, byte for byte as
/// <c>k8s.KubernetesYaml.SerializeAll</c> does (the tests hold it to that), but without its costs:
/// KubernetesYaml builds three YamlDotNet serializers over every model type on first use (~0.3 s),
/// looks up attribute overrides by reflection for every property it writes, and serializes under
/// one global lock, so teams rendered in parallel waited for each other (10,000 users, 100 teams:
/// ~1 s of CPU). Here the property list of a type is read once, and the same YamlDotNet emitter
/// gets the same events. What no manifest of Werkbank holds (binary data, floats, dates, null map
/// values or list items) is refused rather than written differently.
/// </summary>
public static partial class ManifestYaml
{
    // KubernetesClient's StringQuotingEmitter: strings a YAML 1.1 or 1.2 reader would take for null, a
    // boolean or a number are double-quoted (the trailing $ also matches before a final line break, as there).
    [GeneratedRegex(@"^(\~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|on|On|ON|n|N|no|No|NO|off|Off|OFF|-?(0|[0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?)?$")]
    private static partial Regex LooksLikeNonString();

    private static readonly ConcurrentDictionary<Type, (string Name, PropertyInfo Property)[]> Shapes = new();

    /// <summary>The objects as YAML documents; null items are skipped, as in KubernetesYaml.</summary>
    public static string SerializeAll(IEnumerable<object?> values)
    {
        var text = new StringBuilder();
        var emitter = new Emitter(new StringWriter(text, CultureInfo.InvariantCulture)); // default settings, as KubernetesYaml's
        emitter.Emit(new StreamStart());
        foreach (var value in values)
        {
            if (value is not null)
            {
                emitter.Emit(new DocumentStart());
                Write(emitter, value);
                emitter.Emit(new DocumentEnd(isImplicit: true));
            }
        }

        return text.ToString();
    }

    private static void Write(IEmitter emitter, object value)
    {
        switch (value)
        {
            case string text:
                WriteString(emitter, text);
                break;
            case ResourceQuantity quantity: // KubernetesClient's ResourceQuantityYamlConverter
                emitter.Emit(new Scalar(quantity.ToString()));
                break;
            case IntOrString intOrString: // its IntOrStringYamlConverter
                emitter.Emit(new Scalar(intOrString.Value));
                break;
            case bool flag:
                emitter.Emit(new Scalar(null, null, flag ? "true" : "false", ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case int or long:
                emitter.Emit(new Scalar(null, null, Convert.ToString(value, CultureInfo.InvariantCulture)!, ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case byte[]: // KubernetesYaml writes these as UTF-8 text; no manifest here has any
                throw new InvalidOperationException("ManifestYaml does not write binary data.");
            case IDictionary map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Any));
                foreach (DictionaryEntry entry in map)
                {
                    WriteString(emitter, (string)entry.Key);
                    Write(emitter, entry.Value ?? throw new InvalidOperationException($"A Kubernetes manifest map holds a null value under '{entry.Key}'."));
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Any));
                foreach (var item in list)
                {
                    Write(emitter, item ?? throw new InvalidOperationException("A Kubernetes manifest list holds a null item."));
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                WriteObject(emitter, value);
                break;
        }
    }

    /// <summary>
    /// A model object: its properties under their JSON names, nulls left out, in KubernetesYaml's order:
    /// declaration order, except that in a type with apiVersion or kind those two and metadata come first.
    /// </summary>
    private static void WriteObject(IEmitter emitter, object value)
    {
        var type = value.GetType();
        if (type.Namespace != typeof(V1Namespace).Namespace)
        {
            throw new InvalidOperationException($"ManifestYaml writes KubernetesClient models, not {type.FullName}.");
        }

        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Any));
        foreach (var (name, property) in Shapes.GetOrAdd(type, ShapeOf))
        {
            if (property.GetValue(value) is { } member)
            {
                WriteString(emitter, name);
                Write(emitter, member);
            }
        }

        emitter.Emit(new MappingEnd());
    }

    private static (string Name, PropertyInfo Property)[] ShapeOf(Type type)
    {
        string[] first = ["ApiVersion", "Kind", "Metadata"];
        // GetProperties lists them in declaration order (metadata order) in both builds; sorting by
        // MetadataToken said so explicitly, but a native binary has no tokens. The differential test
        // against KubernetesYaml and NativeBuildTests would both see another order.
        var properties = type.GetProperties().ToList();
        var isObject = properties.Any(p => p.Name is "ApiVersion" or "Kind");
        return [.. properties
            .OrderBy(p => isObject && Array.IndexOf(first, p.Name) is >= 0 and var index ? index : first.Length) // stable: the rest keep their order
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.Name}.{p.Name} has no JSON name."), p))];
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        var style = LooksLikeNonString().IsMatch(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
    }
}
