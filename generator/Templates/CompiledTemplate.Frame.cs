using System.Collections;
using System.Text;
using Scriban;

namespace Werkbank.Templates;

/// <summary>The state of one render of a <see cref="CompiledTemplate"/>.</summary>
internal sealed partial class CompiledTemplate
{
    /// <summary>What one render reads and writes; loop variables live in slots numbered by nesting depth.</summary>
    private sealed class Frame
    {
        /// <summary>The model's properties, all read at the start (as Scriban's globals are filled).</summary>
        public object?[] Values { get; private set; } = [];

        public ModelShape Shape { get; private set; } = null!;

        public TemplateContext Context { get; private set; } = null!;

        public StringBuilder Output { get; } = new(4096);

        public object?[] Slots { get; } = new object?[MaxLoopDepth];

        public LoopState[] Loops { get; } = new LoopState[MaxLoopDepth];

        public int LoopSteps { get; set; }

        // Argument arrays of calls, by length, reused: an array per call was ~3% of what cloud-init
        // allocated. Calls nest (f(g(x))) but finish in reverse order, so a stack per length serves.
        // No function keeps its argument array; a call that throws leaves its array to the collector.
        private readonly Stack<object?[]>[] arguments = [.. Enumerable.Range(0, MaxPooledArguments + 1).Select(_ => new Stack<object?[]>())];

        private const int MaxPooledArguments = 4;

        public object?[] RentArguments(int count) =>
            count <= MaxPooledArguments && arguments[count].TryPop(out var pooled) ? pooled : new object?[count];

        public void ReturnArguments(object?[] used)
        {
            if (used.Length <= MaxPooledArguments)
            {
                Array.Clear(used);
                arguments[used.Length].Push(used);
            }
        }

        public void Start(object model, ModelShape shape, TemplateContext context)
        {
            (Shape, Context, LoopSteps) = (shape, context, 0);
            Values = new object?[shape.Properties.Length];
            for (var i = 0; i < Values.Length; i++)
            {
                Values[i] = shape.Properties[i].GetValue(model);
            }

            Output.Clear();
        }

        /// <summary>Lets go of the render's objects (and of a builder grown by one very large file).</summary>
        public void Finish()
        {
            (Values, Shape, Context) = ([], null!, null!);
            Array.Clear(Slots);
            Array.Clear(Loops);
            Output.Clear();
            if (Output.Capacity > 1 << 20)
            {
                Output.Capacity = 4096;
            }
        }
    }

    private const int MaxLoopDepth = 8;

    /// <summary>What <c>for.first</c>, <c>for.last</c>, ... read: Scriban's LoopState, for one loop of one render.</summary>
    private sealed class LoopState(IEnumerable items, IEnumerator enumerator)
    {
        private bool lastKnown;
        private bool isLast;
        private int? length;

        public int Index { get; set; }

        public bool Changed { get; set; }

        /// <summary>Whether the current item is the last: looks one item ahead, as Scriban's loop does.</summary>
        public bool IsLast()
        {
            if (!lastKnown)
            {
                isLast = !enumerator.MoveNext();
                lastKnown = true;
            }

            return isLast;
        }

        public void Next() => lastKnown = false;

        public int Length => length ??= items is IList list ? list.Count : items.Cast<object>().Count();

        public object? Member(string name) => name switch
        {
            "index" => Index,
            "first" => Index == 0,
            "last" => IsLast(),
            "even" => (Index & 1) == 0,
            "odd" => (Index & 1) != 0,
            "changed" => Changed,
            "length" => Length,
            "rindex" => Length - Index - 1,
            _ => throw GiveUp(),
        };
    }
}
