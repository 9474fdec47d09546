using System.Collections;
using System.Reflection;
using System.Text;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Werkbank.Templates;

/// <summary>What compiled templates do at run time: truth, comparison and the functions they call, each as Scriban does it.</summary>
internal sealed partial class CompiledTemplate
{
    /// <summary>As TemplateContext.ToBool: null and false are false, everything else is true.</summary>
    private static bool ToBool(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        _ when value == EmptyScriptObject.Default => false,
        _ => Plain(value) is not null,
    };

    /// <summary>
    /// As TemplateContext.ObjectToString for the values the subset prints: strings as they are (below
    /// LimitToString, where Scriban throws), null as null, booleans, integers by Scriban's own conversion.
    /// Lists, objects, dates and floats are Scriban's formatting, not ours.
    /// </summary>
    private static string? Printed(Frame frame, object? value) => value switch
    {
        null => null,
        string text when text.Length < TemplateSet.MaxRenderedCharacters => text,
        bool flag => flag ? "true" : "false",
        int or long => frame.Context.ObjectToString(value),
        _ => throw GiveUp(),
    };

    /// <summary>
    /// A value as it is, unless Scriban would treat it specially: a function is called where it is read,
    /// custom operators decide for themselves. Those are Scriban's.
    /// </summary>
    private static object? Plain(object? value) =>
        value is null or string ? value // most values: a type test each, not three interface lookups (~1% of a render's samples)
        : value is IScriptCustomFunction or IScriptCustomUnaryOperation or IScriptCustomBinaryOperation ? throw GiveUp() : value;

    /// <summary>Comparisons of two strings (ordinal), two integers or two booleans (== and != only); anything mixed is Scriban's.</summary>
    private static bool Compare(ScriptBinaryOperator op, object? left, object? right)
    {
        int order;
        switch (left, right)
        {
            case (string a, string b) when Math.Max(a.Length, b.Length) < TemplateSet.MaxRenderedCharacters: // Scriban's LimitToString
                order = string.CompareOrdinal(a, b);
                break;
            case (int a, int b):
                order = a.CompareTo(b);
                break;
            case (bool a, bool b) when op is ScriptBinaryOperator.CompareEqual or ScriptBinaryOperator.CompareNotEqual:
                order = a == b ? 0 : 1;
                break;
            default:
                throw GiveUp();
        }

        return op switch
        {
            ScriptBinaryOperator.CompareEqual => order == 0,
            ScriptBinaryOperator.CompareNotEqual => order != 0,
            ScriptBinaryOperator.CompareLess => order < 0,
            ScriptBinaryOperator.CompareLessOrEqual => order <= 0,
            ScriptBinaryOperator.CompareGreater => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>
    /// A function a template may call, with Scriban's argument conversions narrowed to exact types.
    /// <paramref name="Write"/>, where there is one, appends exactly the text Invoke returns.
    /// </summary>
    private sealed record Function(string Name, int Arity, Func<Frame, object?[], object?> Invoke, Action<StringBuilder, object?[]>? Write = null);

    /// <summary>A call in a template: the function and the expressions of its arguments (a piped value first).</summary>
    private sealed record CallSite(Function Function, Expression[] Arguments)
    {
        public object?[] Evaluate(Frame frame)
        {
            // A model property of the same name would shadow the function in Scriban.
            if (frame.Shape.Index.ContainsKey(Function.Name))
            {
                throw GiveUp();
            }

            var actual = frame.RentArguments(Arguments.Length);
            for (var i = 0; i < actual.Length; i++)
            {
                actual[i] = Arguments[i](frame);
            }

            return actual;
        }
    }

    private static class Functions
    {
        // TemplateFunctions as TemplateSet imports them: public static methods, snake_case names.
        private static readonly Dictionary<string, MethodInfo> CustomMethods = typeof(TemplateFunctions)
            .GetMethods(BindingFlags.Public | BindingFlags.Static)
            .GroupBy(StandardMemberRenamer.Rename)
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single(), StringComparer.Ordinal);

        /// <summary>The template functions that print through their append form (for a test: a renamed one would silently stop).</summary>
        public static IEnumerable<string> Writing() => CustomMethods.Keys.Where(name => Custom(name)?.Write is not null).Order(StringComparer.Ordinal);

        public static Function? Custom(string name)
        {
            if (!CustomMethods.TryGetValue(name, out var method))
            {
                return null;
            }

            var parameters = method.GetParameters();
            if (parameters.Any(p => p.ParameterType != typeof(string) && p.ParameterType != typeof(int) && p.ParameterType != typeof(bool))
                || method.ReturnType != typeof(string))
            {
                return null;
            }

            var types = parameters.Select(p => p.ParameterType).ToArray();
            if (types is [var only] && only == typeof(string))
            {
                var single = method.CreateDelegate<Func<string?, string>>();
                return new Function(name, 1, (_, arguments) => single(Text(arguments[0])), WriterOf(method, types));
            }

            return new Function(name, types.Length, Write: WriterOf(method, types), Invoke: (_, arguments) =>
            {
                for (var i = 0; i < types.Length; i++)
                {
                    var fits = types[i] == typeof(string) ? arguments[i] is null or string : arguments[i]?.GetType() == types[i];
                    if (!fits)
                    {
                        throw GiveUp();
                    }
                }

                return method.Invoke(null, arguments);
            });
        }

        /// <summary>
        /// The append form of a function (TemplateFunctions.Append&lt;Name&gt;, the output first, then the
        /// same parameters), with the same argument checks; null when it has none.
        /// </summary>
        private static Action<StringBuilder, object?[]>? WriterOf(MethodInfo method, Type[] types)
        {
            var append = typeof(TemplateFunctions).GetMethod(
                "Append" + method.Name, BindingFlags.Static | BindingFlags.NonPublic, [typeof(StringBuilder), .. types]);
            if (append?.ReturnType != typeof(StringBuilder))
            {
                return null;
            }

            if (types.Length == 1 && types[0] == typeof(string))
            {
                var one = append.CreateDelegate<Func<StringBuilder, string?, StringBuilder>>();
                return (output, arguments) => one(output, Text(arguments[0]));
            }

            if (types.Length == 2 && types[0] == typeof(string) && types[1] == typeof(int))
            {
                var two = append.CreateDelegate<Func<StringBuilder, string?, int, StringBuilder>>();
                return (output, arguments) => two(output, Text(arguments[0]), arguments[1] is int number ? number : throw GiveUp());
            }

            return null; // another shape: the function returns its text
        }

        private static string? Text(object? argument) => argument is null or string ? (string?)argument : throw GiveUp();

        /// <summary>array.size and array.join (without a function argument), as ArrayFunctions has them.</summary>
        public static Function? Array(string member) => member switch
        {
            "size" => new Function("array", 1, (_, arguments) => arguments[0] switch
            {
                null => 0,
                ICollection collection and not IScriptObject => collection.Count,
                _ => throw GiveUp(),
            }),
            "join" => new Function("array", 2, (frame, arguments) => arguments switch
            {
                [null, _] => string.Empty,
                [IEnumerable list and not string and not IScriptObject and not IQueryable, string or null] => Join(frame, list, (string?)arguments[1]),
                _ => throw GiveUp(),
            }),
            _ => null,
        };

        private static string Join(Frame frame, IEnumerable list, string? delimiter)
        {
            var builder = new StringBuilder();
            var first = true;
            foreach (var item in list)
            {
                if (++frame.LoopSteps > TemplateSet.LoopLimit)
                {
                    throw GiveUp(); // array.join counts against the loop limit in Scriban
                }

                if (!first)
                {
                    builder.Append(delimiter);
                }

                first = false;
                builder.Append(Printed(frame, item));
            }

            return builder.Length < TemplateSet.MaxRenderedCharacters ? builder.ToString() : throw GiveUp();
        }
    }
}
