using CsCheck;
using Werkbank.Pipeline;
using Werkbank.Synthetic;
using Werkbank.Templates;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Templates;

/// <summary>
/// The compiled form of a template must give Scriban's bytes, or give up and let Scriban render:
/// every comparison here is against a TemplateSet that only interprets.
/// </summary>
public sealed class CompiledTemplateTests
{
    public static TheoryData<string> ShippedTemplates() =>
        [.. Directory.EnumerateFiles(Repo.Templates, "*.sbn", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repo.Templates, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ShippedTemplates))]
    public void Every_shipped_template_is_compiled(string name) =>
        Assert.True(new TemplateSet(Repo.Templates).IsCompiled(name), $"{name} uses something outside CompiledTemplate's subset");

    [Theory]
    [InlineData("example")]
    [InlineData("minimal")]
    [InlineData("services-docker")]
    [InlineData("services-kubernetes")]
    [InlineData("kong-gateway")]
    [InlineData("knowledge-collection-per-team")]
    [InlineData("knowledge-shared-collection")]
    public void Renders_every_file_of_an_inventory_as_Scriban_does(string inventory) =>
        AssertSameAsInterpreted(inventory == "example" ? Repo.ExampleInventory : Repo.Path("tests", "Baselines", inventory, "inventory"));

    [Fact]
    public void Renders_every_file_of_a_generated_company_as_Scriban_does()
    {
        using var temp = new TempDir();
        new SyntheticInventory { Users = 300, UsersPerTeam = 20 }.WriteTo(temp.Path);
        AssertSameAsInterpreted(temp.Path);
    }

    private static void AssertSameAsInterpreted(string inventory)
    {
        var compiled = new TemplateSet(Repo.Templates);
        var fast = Build.Run(inventory, compiled, parallelism: 2);
        var slow = Build.Run(inventory, new TemplateSet(Repo.Templates, compile: false), parallelism: 2);
        Assert.False(slow.HasErrors, string.Join("\n", slow.Diagnostics.Select(d => d.Format("inventory"))));
        Assert.Equal(slow.Files.Select(f => f.Path), fast.Files.Select(f => f.Path));
        Assert.All(slow.Files.Zip(fast.Files), pair => Assert.True(pair.First.Content.AsSpan().SequenceEqual(pair.Second.Content), pair.First.Path));
        Assert.Equal(0, compiled.GiveUps); // the shipped templates never needed the interpreter
    }

    public sealed record Item(string? Name, int Size, bool On, IReadOnlyList<string> Tags);

    public sealed record Model(string? Text, string? Other, int Number, int Count, bool Flag, IReadOnlyList<string> Words, IReadOnlyList<Item> Items, object? Anything);

    /// <summary>Small templates for every construct of the subset, and some just outside it.</summary>
    private static readonly string[] Constructs =
    [
        "a{{ text }}b{{ number }}c{{ flag }}d{{ other }}e",
        "{{ text | yaml }}|{{ other | json }}|{{ text | sh }}|{{ text | md }}|{{ text | sql_literal }}|{{ text | xml }}",
        "x:\n  {{ text | indent 4 }}\n{{ text | yaml | json }}",
        "{{ if flag }}yes{{ else }}no{{ end }}|{{ if text }}t{{ end }}|{{ if other }}o{{ else if flag }}f{{ else }}n{{ end }}",
        "{{~ if words.size == 0 ~}}\nnone\n{{~ else ~}}\n{{ words | array.join \", \" }}\n{{~ end ~}}\n",
        "{{ for w in words }}[{{ w }}]{{ end }}{{ for w in words }}{{ for w in items }}{{ w.name }}{{ end }}{{ w }}{{ end }}",
        "{{ for i in items }}\n- {{ i.name | yaml }} {{ i.size }} {{ i.on }} {{ i.tags | array.size }} {{ i.tags | array.join \"/\" }}\n{{~ end ~}}\ntail",
        "{{ if (words | array.size) > 1 && flag }}many{{ end }}{{ if number < count || text == other }}lt{{ end }}",
        "{{ if text > other }}gt{{ end }}{{ if text <= other }}le{{ end }}{{ if text != other }}ne{{ end }}{{ if number >= count }}ge{{ end }}",
        "{{ if flag == on }}{{ end }}",
        "{{ for text in words }}{{ text }}{{ end }}{{ text }}{{ for number in items }}{{ number.size }}{{ end }}{{ number }}",
        "{{ for w in words }}{{ if !for.first }}, {{ end }}{{ w }}{{ if for.last }}.{{ end }}{{ end }}",
        "{{ for w in words }}{{ for.index }}{{ for.rindex }}{{ for.length }}{{ for.even }}{{ for.odd }}{{ for.changed }}{{ for i in items }}{{ for.index }}{{ for.last }}{{ end }}{{ for.last }}{{ for.first }}{{ end }}",
        "{{ for i in items }}{{ i.name }}{{ if !for.last }}|{{ end }}{{ for t in i.tags }}{{ t }}{{ for.last }}{{ end }}{{ else }}empty{{ end }}",
        "{{ if !text }}no text{{ end }}{{ if !(words | array.size) }}{{ end }}{{ !flag }}",
        "{{ for w in words }}[{{ for i in items }}x{{ else }}{{ for.index }},{{ for.first }},{{ for.last }},{{ for.length }},{{ for.rindex }},{{ for.changed }},{{ w }}{{ end }}]{{ end }}",
        "{{ for i in items }}{{ if i.on == flag }}{{ i.name }}{{ end }}{{ end }}",
        "{{ anything }}",
        "{{ anything.name }}",
        "{{ if text == number }}mixed{{ end }}",
        "{{ words }}",
        "{{ for w in words }}{{ for.index0 }}{{ for.nope }}{{ end }}",
        "{{ for.index }}",
        "{{ x = 1 }}{{ x }}",
        "{{ missing }}",
        "{{ text.size }}",
        "{{ items | array.size }}{{ text | array.size }}",
        "{{ for i in text }}{{ i }}{{ end }}",
        "{{ for i in items }}{{ i.missing }}{{ end }}",
        "{{ yaml text }}{{ indent text 2 }}",
        "{{ text | indent }}",
        "{{ number | yaml }}",
        "{{ 3 }}{{ \"lit\" }}{{ true }}",
        "{{ capture c }}x{{ end }}{{ c }}",
    ];

    private static Gen<T> Of<T>(params T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<string?> Text = Gen.OneOf(
        Of<string?>(null, "", "a", "b", "B", "Z", "_", "true", "1", "x: y", "line\nbreak\n", "\n\nlead", "quote'\"", "é 漢", "tab\tend ", "-", "#"),
        Gen.String[Gen.Char["ab \n:'\"-#"], 0, 10].Select(s => (string?)s));

    private static readonly Gen<Item> Items = Gen.Select(Text, Gen.Int[-3, 3], Gen.Bool, Text.Select(t => t ?? "").Array[0, 3])
        .Select((name, size, on, tags) => new Item(name, size, on, tags));

    private static readonly Gen<object?> Anything = Gen.OneOf(
        Of<object?>(null, "s", 1.5, new[] { 1, 2 }, true, 7), Items.Select(i => (object?)i));

    private static readonly Gen<Model> Models = Gen.Select(Text, Text, Gen.Int[-2, 2], Gen.Int[-2, 2], Gen.Bool, Text.Select(t => t ?? "").Array[0, 4], Items.Array[0, 3], Anything)
        .Select((text, other, number, count, flag, words, items, anything) => new Model(text, other, number, count, flag, words, items, anything));

    [Fact]
    public void Gives_the_bytes_or_the_error_Scriban_gives_for_every_construct()
    {
        using var temp = new TempDir();
        for (var i = 0; i < Constructs.Length; i++)
        {
            File.WriteAllText(temp.Combine($"t{i}.sbn"), Constructs[i]);
        }

        var compiled = new TemplateSet(temp.Path);
        var interpreted = new TemplateSet(temp.Path, compile: false);
        Models.Sample(model =>
        {
            for (var i = 0; i < Constructs.Length; i++)
            {
                Assert.Equal(Outcome(interpreted, $"t{i}.sbn", model), Outcome(compiled, $"t{i}.sbn", model));
            }
        }, iter: 3000);

        // The subset is really in use: the first templates compile, and those that never leave the
        // subset for any model rendered all 3,000 models compiled (a give-up would hide behind Scriban).
        Assert.All(Enumerable.Range(0, 17), i => Assert.True(compiled.IsCompiled($"t{i}.sbn"), Constructs[i]));
        // (7 and 8 compare strings that may be null and 9 names an unknown variable: those go to Scriban.)
        Assert.All(Enumerable.Range(0, 17).Except([7, 8, 9]), i => Assert.True(compiled.GiveUpsOf($"t{i}.sbn") == 0, Constructs[i]));
    }

    public sealed record Big(IReadOnlyList<int> Items);

    [Fact]
    public void Counts_array_join_against_the_loop_limit_as_Scriban_does()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("t.sbn"), "{{ items | array.join \",\" }}");
        var model = new Big([.. Enumerable.Range(0, TemplateSet.LoopLimit + 1)]);
        var expected = Outcome(new TemplateSet(temp.Path, compile: false), "t.sbn", model);
        Assert.StartsWith("TemplateException", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Outcome(new TemplateSet(temp.Path), "t.sbn", model));
    }

    public sealed class Getters
    {
        private int reads;

        public string Text => "x";

        public int Count => ++reads;

        public string Broken => throw new InvalidOperationException("a getter that fails");
    }

    public sealed class Counter
    {
        private int reads;

        public int Count => ++reads;
    }

    [Fact]
    public void Reads_every_property_of_the_model_once_before_the_render_as_Scriban_does()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("t.sbn"), "{{ text }}");
        File.WriteAllText(temp.Combine("count.sbn"), "{{ count }} {{ count }}");
        Assert.Equal(Outcome(new TemplateSet(temp.Path, compile: false), "t.sbn", new Getters()), Outcome(new TemplateSet(temp.Path), "t.sbn", new Getters()));
        Assert.Equal("ok: 1 1", Outcome(new TemplateSet(temp.Path, compile: false), "count.sbn", new Counter()));
        Assert.Equal("ok: 1 1", Outcome(new TemplateSet(temp.Path), "count.sbn", new Counter()));
    }

    public sealed record Shadowing(string Yaml, string Array, IReadOnlyList<string> Words);

    [Fact]
    public void A_model_property_named_like_a_function_shadows_it_as_in_Scriban()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("t.sbn"), "{{ yaml }}|{{ words | array.size }}");
        var model = new Shadowing("plain", "not the builtin", ["a"]);
        Assert.Equal(Outcome(new TemplateSet(temp.Path, compile: false), "t.sbn", model), Outcome(new TemplateSet(temp.Path), "t.sbn", model));
    }

    private static string Outcome(TemplateSet templates, string name, object model)
    {
        try
        {
            return "ok: " + templates.Render(name, model);
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    [Fact]
    public void Prints_yaml_md_and_indent_through_their_append_forms()
    {
        // Each has TemplateFunctions.Append<Name>; the construct tests hold the appended text to Scriban's.
        Assert.Equal(["indent", "md", "yaml"], CompiledTemplate.FunctionsThatWrite());
    }
}
