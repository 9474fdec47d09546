using System.Collections.Concurrent;
using System.Reflection;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using Werkbank.Output;

namespace Werkbank.Templates;

/// <summary>
/// The Scriban templates under templates/&lt;target&gt;/, parsed once and rendered many times (in
/// parallel). Rendering is strict: an unknown variable is an error naming the template file and line.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The ThreadLocal holds managed objects only; a TemplateSet lives as long as the command.")]
public sealed class TemplateSet
{
    private readonly string root;
    private readonly ConcurrentDictionary<string, Lazy<Parsed>> cache = new(StringComparer.Ordinal);
    private readonly bool compile;

    /// <param name="root">The templates folder.</param>
    /// <param name="compile">
    /// Render through <see cref="CompiledTemplate"/> where a template allows it (the default); false
    /// renders everything with Scriban's interpreter (the reference the differential tests compare with).
    /// </param>
    public TemplateSet(string root, bool compile = true)
    {
        this.root = root;
        this.compile = compile;
        renderers = new ThreadLocal<Renderer>(CreateRenderer);
    }

    private sealed record Parsed(Template Template, CompiledTemplate? Compiled);

    /// <summary>True when <paramref name="name"/> renders through its compiled form (for tests).</summary>
    internal bool IsCompiled(string name) => Get(name).Compiled is not null;

    /// <summary>How many renders of compiled templates fell back to Scriban (for tests).</summary>
    internal int GiveUps => cache.Values.Where(entry => entry.IsValueCreated).Sum(entry => entry.Value.Compiled?.GiveUps ?? 0);

    /// <summary>How many renders of <paramref name="name"/> fell back to Scriban (for tests).</summary>
    internal int GiveUpsOf(string name) => Get(name).Compiled?.GiveUps ?? 0;

    private Parsed Get(string name) => cache.GetOrAdd(name, n => new Lazy<Parsed>(() =>
    {
        var template = Parse(n);
        return new Parsed(template, compile ? CompiledTemplate.TryCompile(template.Page) : null);
    })).Value;

    public string Root => root;

    // The helper functions are the same for every render: import them once.
    private static readonly ScriptObject Functions = CreateFunctions();

    // Scriban's builtins (string, array, ...) are built anew by every TemplateContext unless given one;
    // at four renders per user that dominated the render. They are only read, so one set serves all threads.
    private static readonly ScriptObject Builtins = new Scriban.Functions.BuiltinFunctions();

    private static ScriptObject CreateFunctions()
    {
        var functions = new ScriptObject();
        functions.Import(typeof(TemplateFunctions), renamer: StandardMemberRenamer.Default);
        return functions;
    }

    /// <summary>The templates folder: --templates if given, else ./templates, else the copy shipped with the tool.</summary>
    public static TemplateSet Locate(string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            return new TemplateSet(explicitRoot);
        }

        var local = Path.Combine(Directory.GetCurrentDirectory(), "templates");
        return new TemplateSet(Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "templates"));
    }

    /// <summary>
    /// Parses and compiles every template of the folder on a pool thread, and builds a render
    /// context (which builds Scriban's builtins): otherwise the first render of each did that on a
    /// rendering thread (10,000 users: ~30 ms at the start of cloud-init, while the targets that render
    /// next waited for the same class constructor). Call it while the inventory loads. What goes wrong
    /// is left where it was: a broken template that a target uses fails that render with the same
    /// error (the parse's outcome is kept, error included); one that no target uses is never reported.
    /// </summary>
    public void WarmUp() => Task.Run(() =>
    {
        try
        {
            _ = renderers.Value;
            foreach (var path in Directory.EnumerateFiles(root, "*.sbn", SearchOption.AllDirectories))
            {
                try
                {
                    Get(Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'));
                }
                catch (Exception ex) when (ex is TemplateException or IOException or UnauthorizedAccessException)
                {
                    // reported by the render that uses it, if one does
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // no templates folder to read: the render says so
        }
    });

    /// <summary>Renders templates/<paramref name="name"/> with <paramref name="model"/> (a view model record; members are snake_case in templates).</summary>
    public string Render(string name, object model) => Render(name, model, output => output.ToString(), text => text);

    /// <summary>
    /// Renders templates/<paramref name="name"/> into the file <paramref name="path"/> (as <see cref="OutputFile.Text(string, string, IEnumerable{string})"/>
    /// makes it), encoded straight from the template's output: no string of the whole file on the way.
    /// </summary>
    public OutputFile RenderFile(string path, string name, object model, params IEnumerable<string> sources) =>
        Render(name, model, output => OutputFile.Text(path, output, sources), text => OutputFile.Text(path, text, sources));

    private T Render<T>(string name, object model, Func<System.Text.StringBuilder, T> fromOutput, Func<string, T> fromText)
    {
        var (template, compiled) = Get(name);

        // A context per thread, reset after each render (a TemplateContext is costly to build), with
        // member accessors shared between all of them (see SharedAccessorsContext).
        var state = renderers.Value!;
        var own = state.Busy; // a render inside a render (never done today) gets a context of its own
        if (own)
        {
            state = CreateRenderer();
        }

        state.Busy = true;
        try
        {
            if (compiled is not null && compiled.TryRender(model, ShapeOf(model.GetType()), state.Context, fromOutput, out var fast))
            {
                return fast;
            }

            state.Globals.Clear();
            var shape = ShapeOf(model.GetType());
            for (var i = 0; i < shape.Properties.Length; i++)
            {
                state.Globals.SetValue(shape.Keys[i], shape.Properties[i].GetValue(model), readOnly: false);
            }

            state.Context.PushGlobal(Functions);
            state.Context.PushGlobal(state.Globals);
            var text = template.Render(state.Context);
            state.Context.Reset();
            return fromText(text);
        }
        catch (Exception ex)
        {
            if (!own)
            {
                renderers.Value = CreateRenderer(); // the failed render's context is not worth trusting
            }

            if (ex is ScriptRuntimeException script)
            {
                throw new TemplateException($"templates/{name}:{script.Span.Start.Line + 1}:{script.Span.Start.Column + 1}: {script.OriginalMessage}");
            }

            throw;
        }
        finally
        {
            state.Busy = false;
        }
    }

    /// <summary>The view model's public properties under their template names (as ScriptObject.Import names them), read once per type.</summary>
    private static ModelShape ShapeOf(Type type) =>
        Shapes.GetOrAdd(type, t =>
        {
            PropertyInfo[] properties = [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)];
            string[] keys = [.. properties.Select(p => StandardMemberRenamer.Default(p))];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                index[keys[i]] = i; // a later property of the same name wins, as in Scriban's globals
            }

            return new ModelShape(properties, keys, index);
        });

    private static readonly ConcurrentDictionary<Type, ModelShape> Shapes = new();

    private readonly ThreadLocal<Renderer> renderers;

    // Scriban's member accessors (built by reflection over each view model type) are read-only once
    // built, so all contexts of this set share them.
    private readonly ConcurrentDictionary<Type, IObjectAccessor?> accessors = new();

    private Renderer CreateRenderer() => new(new SharedAccessorsContext(Builtins, accessors)
    {
        StrictVariables = true,
        LoopLimit = TemplateSet.LoopLimit,
        RecursiveLimit = 50,
        EnableRelaxedMemberAccess = false,
        MemberRenamer = StandardMemberRenamer.Default,
        TemplateLoader = new FolderLoader(root),
        NewLine = "\n",
        AutoIndent = false, // indentation is explicit: {{ text | indent 6 }}

        // Scriban's default cuts every render at 1 MiB characters and appends "..." without an error:
        // the dnsmasq.conf of 25,000 users lost its last 22,000 hosts that way. A file that large is
        // normal here; past this limit (far beyond any inventory) a render fails instead of truncating.
        LimitToString = MaxRenderedCharacters,
        OnStringLimit = ScriptLimitBehavior.Throw,
        OnOutputLimit = ScriptLimitBehavior.Throw,
    });

    /// <summary>The most loop iterations of one render.</summary>
    public const int LoopLimit = 1_000_000;

    /// <summary>The most characters one render may write (and one value may convert to) before it fails.</summary>
    public const int MaxRenderedCharacters = 256 * 1024 * 1024;

    /// <summary>
    /// A TemplateContext whose member accessors outlive <see cref="TemplateContext.Reset"/>, which forgets
    /// them: rebuilt after every render, they took ~15% of the samples of cloud-init's render (10,000 users).
    /// The accessor Scriban picks depends only on the object's type.
    /// </summary>
    private sealed class SharedAccessorsContext(ScriptObject builtins, ConcurrentDictionary<Type, IObjectAccessor?> accessors) : TemplateContext(builtins)
    {
        protected override IObjectAccessor? GetMemberAccessorImpl(object target)
        {
            var type = target.GetType();
            if (!accessors.TryGetValue(type, out var accessor))
            {
                accessor = base.GetMemberAccessorImpl(target);
                accessors.TryAdd(type, accessor);
            }

            return accessor;
        }
    }

    private sealed class Renderer(TemplateContext context)
    {
        public TemplateContext Context { get; } = context;

        public ScriptObject Globals { get; } = [];

        public bool Busy { get; set; }
    }

    private Template Parse(string name)
    {
        var path = Path.Combine(root, name);
        if (!File.Exists(path))
        {
            throw new TemplateException($"templates/{name}: the template is missing (looked in {root})");
        }

        var template = Template.Parse(File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal), $"templates/{name}");
        if (template.HasErrors)
        {
            throw new TemplateException(string.Join("; ", template.Messages.Select(m => m.ToString())));
        }

        return template;
    }

    private sealed class FolderLoader(string root) : ITemplateLoader
    {
        public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) => Path.Combine(root, templateName);

        public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => File.ReadAllText(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
            new(File.ReadAllText(templatePath));
    }
}

/// <summary>
/// A view model type as templates see it: every public property is read, in this order, before a render
/// (into Scriban's globals under <see cref="Keys"/>, or a compiled template's values), and
/// <see cref="Index"/> names the value a variable reads.
/// </summary>
internal sealed record ModelShape(PropertyInfo[] Properties, string[] Keys, IReadOnlyDictionary<string, int> Index);

/// <summary>A template that does not parse or fails to render: reported as a diagnostic with the template's file and line.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>Functions every template can call: <c>{{ name | yaml }}</c>, <c>{{ name | json }}</c>, <c>{{ name | sh }}</c>, <c>{{ name | xml }}</c>, <c>{{ name | md }}</c>, <c>{{ name | sql_literal }}</c>, <c>{{ name | sql_ident }}</c>.</summary>
public static class TemplateFunctions
{
    public static string Yaml(string? value) => Escape.YamlString(value);

    public static string Json(string? value) => Escape.JsonString(value);

    public static string Sh(string? value) => Escape.ShellWord(value);

    public static string Xml(string? value) => Escape.Xml(value);

    public static string Md(string? value) => Escape.Markdown(value);

    // The append forms (Append + the function's name, the output first): what the function returns,
    // appended. Compiled templates print through them when a call is printed (see CompiledTemplate).
    internal static System.Text.StringBuilder AppendYaml(System.Text.StringBuilder output, string? value) => Escape.AppendYamlString(output, value);

    internal static System.Text.StringBuilder AppendMd(System.Text.StringBuilder output, string? value) => Escape.AppendMarkdown(output, value);

    public static string SqlLiteral(string? value) => Escape.SqlLiteral(value);

    public static string SqlIdent(string? value) => Escape.SqlIdentifier(value);

    /// <summary>Indents every line but the first by <paramref name="spaces"/> (for YAML block scalars).</summary>
    public static string Indent(string? value, int spaces)
    {
        var text = (value ?? string.Empty).AsSpan().TrimEnd('\n');
        return AppendIndent(new System.Text.StringBuilder(text.Length + (text.Count('\n') * spaces)), value, spaces).ToString();
    }

    /// <summary>
    /// Appends <paramref name="value"/> as <see cref="Indent"/> returns it. One pass, no array of lines and
    /// no padded copies: every embedded file of every user comes through here, and compiled templates
    /// print it straight into their output.
    /// </summary>
    internal static System.Text.StringBuilder AppendIndent(System.Text.StringBuilder builder, string? value, int spaces)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spaces);
        var text = (value ?? string.Empty).AsSpan().TrimEnd('\n');
        var lineBreak = text.IndexOf('\n');
        builder.Append(lineBreak < 0 ? text : text[..lineBreak]);
        while (lineBreak >= 0)
        {
            text = text[(lineBreak + 1)..];
            lineBreak = text.IndexOf('\n');
            var line = lineBreak < 0 ? text : text[..lineBreak];
            builder.Append('\n');
            if (!line.IsEmpty)
            {
                builder.Append(' ', spaces).Append(line);
            }
        }

        return builder;
    }
}
