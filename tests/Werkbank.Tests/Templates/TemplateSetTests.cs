using Werkbank.Templates;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Templates;

/// <summary>
/// A TemplateSet keeps one Scriban context per thread and resets it between renders: nothing of one
/// render (its model, a failure halfway) may show in the next.
/// </summary>
public sealed class TemplateSetTests
{
    public sealed record Greeting(string Name, IReadOnlyList<string> Teams);

    public sealed record Other(string Title);

    private static TemplateSet Templates(TempDir temp)
    {
        File.WriteAllText(temp.Combine("hello.sbn"), "hello {{ name }}{{ for t in teams }} {{ t }}{{ end }}");
        File.WriteAllText(temp.Combine("title.sbn"), "{{ title }}");
        File.WriteAllText(temp.Combine("broken.sbn"), "{{ name }} then {{ missing_variable }}");
        return new TemplateSet(temp.Path);
    }

    [Fact]
    public void Should_Render_Each_Model_Alone_On_A_Reused_Context()
    {
        using var temp = new TempDir();
        var templates = Templates(temp);
        Assert.Equal("hello ada a b", templates.Render("hello.sbn", new Greeting("ada", ["a", "b"])));
        Assert.Equal("hello bob", templates.Render("hello.sbn", new Greeting("bob", [])));

        // A variable of the previous model must not be visible: strict variables make it an error.
        var error = Assert.Throws<TemplateException>(() => templates.Render("hello.sbn", new Other("x")));
        Assert.Contains("templates/hello.sbn:1:", error.Message, StringComparison.Ordinal);
        Assert.Equal("x", templates.Render("title.sbn", new Other("x")));
    }

    [Fact]
    public void Should_Render_Correctly_After_A_Render_That_Failed_Halfway()
    {
        using var temp = new TempDir();
        var templates = Templates(temp);
        var error = Assert.Throws<TemplateException>(() => templates.Render("broken.sbn", new Greeting("ada", [])));
        Assert.StartsWith("templates/broken.sbn:1:", error.Message, StringComparison.Ordinal);
        Assert.Equal("hello bob c", templates.Render("hello.sbn", new Greeting("bob", ["c"])));
    }

    [Fact]
    public void Should_Give_The_Same_Text_From_Many_Threads()
    {
        using var temp = new TempDir();
        var templates = Templates(temp);
        var texts = new string[2000];
        Parallel.For(0, texts.Length, i => texts[i] = templates.Render("hello.sbn", new Greeting($"u{i}", [$"t{i % 7}"])));
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.Equal($"hello u{i} t{i % 7}", texts[i]));
    }

    public sealed record Lines(IReadOnlyList<string> Items);

    [Fact]
    public void Should_Render_Files_Larger_Than_Scribans_Default_Output_Limit_Completely()
    {
        // Scriban truncates a render at 1 MiB characters by default (and appends "...").
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("lines.sbn"), "{{ for item in items }}{{ item }}\n{{ end }}end\n");
        var items = Enumerable.Range(0, 150_000).Select(i => $"host-record=u{i:D6}-ws.example.internal").ToList();
        var text = new TemplateSet(temp.Path).Render("lines.sbn", new Lines(items));
        Assert.Equal(string.Concat(items.Select(i => i + "\n")) + "end\n", text);
        Assert.True(text.Length > 4 * 1024 * 1024);
    }

    public sealed record Big(string Value);

    [Fact]
    public void Should_Write_A_Value_Larger_Than_Scribans_Default_Conversion_Limit_Whole()
    {
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("big.sbn"), "<{{ value }}>");
        var value = new string('x', 3 * 1024 * 1024);
        Assert.Equal($"<{value}>", new TemplateSet(temp.Path).Render("big.sbn", new Big(value)));
    }

    [Theory]
    [InlineData(true, "\n")]
    [InlineData(true, "\r\n")]
    [InlineData(false, "\n")]
    public void Should_Render_A_File_As_The_Text_Of_Its_Render(bool compile, string lineBreak)
    {
        // Compiled, the file is encoded from the template's output (in chunks); interpreted, from Scriban's string.
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("file.sbn"), $"{{{{ for item in items }}}}{{{{ item | yaml }}}}{lineBreak}{{{{ end }}}}\n\n");
        var templates = new TemplateSet(temp.Path, compile);
        var model = new Lines([.. Enumerable.Range(0, 5_000).Select(i => $"h\u00e9\ud83d\ude00{i}")]);
        var file = templates.RenderFile("out/file", "file.sbn", model, "user:b", "user:a");
        var expected = Werkbank.Output.OutputFile.Text("out/file", templates.Render("file.sbn", model), "user:a", "user:b");
        Assert.Equal(expected.Content, file.Content);
        Assert.Equal(["user:a", "user:b"], file.Sources);
        Assert.Equal("out/file", file.Path);
        Assert.Equal(compile, templates.IsCompiled("file.sbn"));
    }
}
