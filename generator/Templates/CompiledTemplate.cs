using System.Collections;
using System.Reflection;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Werkbank.Templates;

/// <summary>
/// A Scriban template turned into closures, for the part of the language Werkbank's templates use:
/// text, <c>{{ value }}</c>, member access, pipes into the template functions and <c>array.size</c> /
/// <c>array.join</c>, <c>if</c>/<c>else</c>, <c>for x in list</c>, <c>and</c>/<c>or</c> and comparisons
/// of strings, integers and booleans. Scriban's interpreter spent ~100 µs per user on cloud-init alone
/// (argument arrays, pipe stacks, reflection calls, a global scope filled with every property).
/// <para>
/// It never decides anything Scriban would decide differently: a template with any other construct is
/// not compiled (<see cref="TryCompile"/> returns null), and a render that meets a value outside the
/// subset (an unknown variable, a list to print, a string compared with a number...) gives up
/// (<see cref="TryRender"/> returns false) and Scriban renders it, errors and all. Member access and
/// number formatting go through Scriban's own accessors and conversion. Differential tests hold the
/// two to the same bytes.
/// </para>
/// </summary>
internal sealed partial class CompiledTemplate
{
    private delegate void Statement(Frame frame);

    private delegate object? Expression(Frame frame);

    private readonly Statement body;

    // A template that gives up again and again renders with Scriban only: each give-up costs an exception.
    private int giveUps;

    private CompiledTemplate(Statement body) => this.body = body;

    /// <summary>The template functions that, printed, append to the output instead of returning a string.</summary>
    internal static IEnumerable<string> FunctionsThatWrite() => Functions.Writing();

    /// <summary>How many renders fell back to Scriban.</summary>
    public int GiveUps => Volatile.Read(ref giveUps);

    /// <summary>The compiled form of <paramref name="page"/>, or null when it uses anything outside the subset.</summary>
    public static CompiledTemplate? TryCompile(ScriptPage? page)
    {
        if (page?.Body is null || page.FrontMatter is not null)
        {
            return null;
        }

        try
        {
            return new CompiledTemplate(new Compiler().Block(page.Body));
        }
        catch (NotInSubsetException)
        {
            return null;
        }
    }

    /// <summary>
    /// Renders <paramref name="model"/> whose public properties (<paramref name="shape"/>) are the
    /// template's variables; false when Scriban must render it instead.
    /// </summary>
    public bool TryRender<T>(object model, ModelShape shape, TemplateContext context, Func<System.Text.StringBuilder, T> finish, out T result)
    {
        result = default!;
        if (Volatile.Read(ref giveUps) >= MaxGiveUps)
        {
            return false;
        }

        // One frame per thread, reused: its builder and slots were ~7% of cloud-init's samples when
        // allocated per render. A render within a render (none today) takes a fresh one.
        var frame = reusable ?? new Frame();
        reusable = null;
        try
        {
            frame.Start(model, shape, context);
            body(frame);
            if (frame.Output.Length >= TemplateSet.MaxRenderedCharacters)
            {
                return false; // Scriban reports the limit with the template's position
            }

            result = finish(frame.Output);
            return true;
        }
        catch (Exception)
        {
            // Outside the subset, or a template function failed: Scriban renders it again and reports
            // any error its own way (with the template's position).
            Interlocked.Increment(ref giveUps);
            return false;
        }
        finally
        {
            frame.Finish();
            reusable = frame;
        }
    }

    [ThreadStatic]
    private static Frame? reusable;

    private const int MaxGiveUps = 16;

    /// <summary>Thrown where the subset ends, at compile time or during a render; never leaves this class.</summary>
    private sealed class NotInSubsetException : Exception
    {
    }

    // A new one each time: one instance thrown on several threads at once would share its stack trace.
    private static NotInSubsetException GiveUp() => new();

    private sealed class Compiler
    {
        // Names of the loop variables in scope, innermost last; the index is the slot.
        private readonly List<string> loopVariables = [];

        public Statement Block(ScriptBlockStatement block)
        {
            var statements = new List<Statement>();
            foreach (var statement in block.Statements)
            {
                if (statement.CanSkipEvaluation)
                {
                    continue; // the {{ and }} markers (ScriptEscapeStatement) and `end`
                }

                statements.Add(StatementOf(statement));
            }

            var array = statements.ToArray();
            return frame =>
            {
                foreach (var statement in array)
                {
                    statement(frame);
                }
            };
        }

        private Statement StatementOf(ScriptStatement statement) => statement switch
        {
            ScriptRawStatement raw => Text(raw),
            ScriptExpressionStatement { Expression: { } expression, CanOutput: true } => Output(expression),
            ScriptIfStatement conditional when conditional.GetType() == typeof(ScriptIfStatement) => If(conditional),
            ScriptForStatement loop when loop.GetType() == typeof(ScriptForStatement) => For(loop),
            _ => throw GiveUp(),
        };

        private static Statement Text(ScriptRawStatement raw)
        {
            var text = raw.Text.Length == 0 || string.IsNullOrEmpty(raw.Text.FullText) ? string.Empty : raw.Text.ToString();
            return frame => frame.Output.Append(text);
        }

        /// <summary>
        /// As TemplateContext.Write(span, value): the value as Scriban prints it, null as nothing. A call of
        /// a function that can write its result (<c>x | yaml</c>, <c>x | indent 6</c>) writes it straight
        /// into the output: the same text without a string per value (~40% of cloud-init's allocations).
        /// </summary>
        private Statement Output(ScriptExpression expression)
        {
            var call = expression switch
            {
                ScriptPipeCall { From: { } from, To: { } to } => PipeSite(ExpressionOf(from), to),
                ScriptFunctionCall { Target: { } target } function => Site(target, null, function.Arguments),
                _ => null,
            };
            if (call?.Function.Write is { } write)
            {
                return frame =>
                {
                    var arguments = call.Evaluate(frame);
                    write(frame.Output, arguments);
                    frame.ReturnArguments(arguments);
                };
            }

            var value = call is null ? ExpressionOf(expression) : Invoke(call);
            return frame => frame.Output.Append(Printed(frame, value(frame)));
        }

        private Statement If(ScriptIfStatement conditional)
        {
            var condition = ExpressionOf(conditional.Condition ?? throw GiveUp());
            var then = conditional.Then is null ? null : Block(conditional.Then);
            var otherwise = conditional.Else switch
            {
                null => null,
                ScriptElseStatement { Body: null } => null,
                ScriptElseStatement { Body: { } body } when conditional.Else.GetType() == typeof(ScriptElseStatement) => Block(body),
                ScriptIfStatement elseIf when elseIf.GetType() == typeof(ScriptIfStatement) => If(elseIf),
                _ => throw GiveUp(),
            };
            return frame =>
            {
                if (ToBool(condition(frame)))
                {
                    then?.Invoke(frame);
                }
                else
                {
                    otherwise?.Invoke(frame);
                }
            };
        }

        private Statement For(ScriptForStatement loop)
        {
            if (loop.Variable is not ScriptVariableGlobal { Name: { } name } || loop.Iterator is null
                || loop.NamedArguments is { Count: > 0 } || loop.SetContinue || loop.Body is null
                || loopVariables.Count == MaxLoopDepth || IsSpecial(name))
            {
                throw GiveUp();
            }

            var iterator = ExpressionOf(loop.Iterator);
            var slot = loopVariables.Count;
            loopVariables.Add(name);
            var body = Block(loop.Body);

            // Scriban runs the else block inside the loop's scope: `for` there is this empty loop, and
            // the loop variable was never set (the name reads whatever it reads outside).
            loopVariables[slot] = NoVariable;
            var otherwise = loop.Else is null ? null : Block(loop.Else.Body ?? throw GiveUp());
            loopVariables.RemoveAt(slot);
            return frame =>
            {
                var items = iterator(frame);
                if (items is null)
                {
                    return;
                }

                if (items is string or IScriptObject or IQueryable || items is not IEnumerable enumerable)
                {
                    throw GiveUp();
                }

                // Scriban's loop: one item of lookahead, which for.last shares (see LoopState).
                var enumerator = enumerable.GetEnumerator();
                var state = frame.Loops[slot] = new LoopState(enumerable, enumerator);
                if (!enumerator.MoveNext())
                {
                    otherwise?.Invoke(frame);
                    frame.Loops[slot] = null!;
                    return;
                }

                object? previous = null;
                for (var index = 0; ; index++)
                {
                    if (++frame.LoopSteps > TemplateSet.LoopLimit)
                    {
                        throw GiveUp(); // Scriban reports the limit
                    }

                    var item = enumerator.Current;
                    state.Next();
                    state.Index = index;
                    state.Changed = index == 0 || !Equals(previous, item);
                    frame.Slots[slot] = item;
                    body(frame);
                    if (state.IsLast())
                    {
                        break;
                    }

                    previous = item;
                }

                frame.Slots[slot] = null;
                frame.Loops[slot] = null!;
            };
        }

        private Expression ExpressionOf(ScriptExpression expression) => expression switch
        {
            ScriptLiteral literal => Constant(literal.Value),
            ScriptNestedExpression { Expression: { } inner } => ExpressionOf(inner),
            ScriptVariableGlobal variable => Variable(variable.Name),
            ScriptMemberExpression member => Member(member),
            ScriptPipeCall pipe => Invoke(PipeSite(ExpressionOf(pipe.From ?? throw GiveUp()), pipe.To ?? throw GiveUp())),
            ScriptFunctionCall call when call.Target is not null => Invoke(Site(call.Target, null, call.Arguments)),
            ScriptBinaryExpression binary => Binary(binary),
            ScriptUnaryExpression { Operator: ScriptUnaryOperator.Not, Right: { } operand } => Not(ExpressionOf(operand)),
            _ => throw GiveUp(),
        };

        private static Expression Not(Expression operand) => frame => !ToBool(operand(frame));

        private static Expression Constant(object? value) => value is null or string or bool or int
            ? _ => value
            : throw GiveUp();

        private Expression Variable(string name)
        {
            if (IsSpecial(name))
            {
                throw GiveUp();
            }

            var slot = loopVariables.LastIndexOf(name);
            if (slot >= 0)
            {
                return frame => Plain(frame.Slots[slot]);
            }

            // A property of the model; anything else (a function used as a value, a builtin object,
            // an unknown name that strict variables make an error) is Scriban's.
            return frame => frame.Shape.Index.TryGetValue(name, out var index) ? Plain(frame.Values[index]) : throw GiveUp();
        }

        private Expression Member(ScriptMemberExpression member)
        {
            var name = member.Member?.Name ?? throw GiveUp();
            if (member.Target is ScriptVariableGlobal { Name: "for" } && loopVariables.Count > 0 && !loopVariables.Contains("for"))
            {
                var innermost = loopVariables.Count - 1; // `for` is the innermost loop around it
                return frame => frame.Loops[innermost].Member(name);
            }

            var target = ExpressionOf(member.Target ?? throw GiveUp());
            return frame =>
            {
                var value = target(frame);
                if (value is null or IScriptObject)
                {
                    throw GiveUp();
                }

                // Scriban's own accessor for the type (properties renamed to snake_case, `size` of lists).
                var context = frame.Context;
                return context.GetMemberAccessor(value).TryGetValue(context, default, value, name, out var result)
                    ? Plain(result)
                    : throw GiveUp();
            };
        }

        /// <summary><c>from | to</c>: <paramref name="from"/> becomes the first argument of the function <paramref name="to"/>.</summary>
        private CallSite PipeSite(Expression from, ScriptExpression to) => to switch
        {
            ScriptPipeCall next => PipeSite(Invoke(PipeSite(from, next.From ?? throw GiveUp())), next.To ?? throw GiveUp()),
            ScriptFunctionCall { Target: { } target } call => Site(target, from, call.Arguments),
            _ => Site(to, from, []),
        };

        private CallSite Site(ScriptExpression target, Expression? piped, IReadOnlyList<ScriptExpression> arguments)
        {
            var values = new List<Expression>();
            if (piped is not null)
            {
                values.Add(piped);
            }

            values.AddRange(arguments.Select(ExpressionOf));
            return new CallSite(FunctionOf(target, values.Count), [.. values]);
        }

        private static Expression Invoke(CallSite call) => frame =>
        {
            var arguments = call.Evaluate(frame);
            var result = call.Function.Invoke(frame, arguments);
            frame.ReturnArguments(arguments);
            return result;
        };

        private Function FunctionOf(ScriptExpression target, int arity)
        {
            var function = target switch
            {
                ScriptVariableGlobal { Name: { } name } when !loopVariables.Contains(name) => Functions.Custom(name),
                ScriptMemberExpression { Target: ScriptVariableGlobal { Name: "array" }, Member.Name: { } member } when !loopVariables.Contains("array") =>
                    Functions.Array(member),
                _ => null,
            };
            return function is not null && function.Arity == arity ? function : throw GiveUp();
        }

        private Expression Binary(ScriptBinaryExpression binary)
        {
            var left = ExpressionOf(binary.Left ?? throw GiveUp());
            var right = ExpressionOf(binary.Right ?? throw GiveUp());
            var op = binary.Operator;
            return op switch
            {
                ScriptBinaryOperator.And => frame => ToBool(left(frame)) && ToBool(right(frame)),
                ScriptBinaryOperator.Or => frame => ToBool(left(frame)) || ToBool(right(frame)),
                ScriptBinaryOperator.CompareEqual or ScriptBinaryOperator.CompareNotEqual
                    or ScriptBinaryOperator.CompareLess or ScriptBinaryOperator.CompareLessOrEqual
                    or ScriptBinaryOperator.CompareGreater or ScriptBinaryOperator.CompareGreaterOrEqual =>
                    frame => Compare(op, left(frame), right(frame)),
                _ => throw GiveUp(),
            };
        }

        // Holds a loop's slot where its variable is not set (its else block); no template name looks like it.
        private const string NoVariable = "\0";

        private static bool IsSpecial(string name) => name is "for" or "tablerow" or "while" or "this" or "empty" or "continue";
    }
}
