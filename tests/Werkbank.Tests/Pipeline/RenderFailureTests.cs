using Spectre.Console.Testing;
using Werkbank.Cli;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Targets;
using Werkbank.Targets.CloudInit;
using Werkbank.Templates;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Rendering;

/// <summary>
/// INV08xx: what goes wrong after the inventory is valid (a broken template, a target bug, output
/// that does not parse, an out/ that cannot be written) is a diagnostic, and out/ is not touched.
/// </summary>
public sealed class RenderFailureTests
{
    private sealed class FixedTarget(string name, Action<OutputSink> render) : ITarget
    {
        public string Name => name;

        public void Render(RenderContext context, OutputSink output) => render(output);
    }

    private sealed class TargetBug(string message) : Exception(message);

    private static PlatformModel Model()
    {
        using var fixture = new InventoryFixture();
        return Compiler.Compile(fixture.Root).Model ?? throw new InvalidOperationException("the base inventory must compile");
    }

    [Theory]
    [InlineData("broken/realm.json", "{ \"realm\": \"acme\", ")]
    [InlineData("broken/connections.xml", "<connections><connection></connections>")]
    [InlineData("broken/values.yaml", "key: [unclosed\n")]
    [InlineData("cloud-init/x/user-data", "#cloud-config\nusers: {\n")]
    public void Should_Report_INV0801_For_Output_That_Does_Not_Parse(string path, string content)
    {
        var target = new FixedTarget("broken", sink => sink.Add(OutputFile.Text(path, content)));
        var (_, diagnostics) = Renderer.Render(Model(), TestRender.Templates, 1, [target]);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("INV0801", diagnostic.Code);
        Assert.StartsWith($"generated file '{path}' does not parse back: ", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ no_such_variable }}\n", "templates/cloud-init/user-data.sbn:1:4: ")]
    [InlineData("#cloud-config\n{{ if }}\n", "templates/cloud-init/user-data.sbn(2,")]
    [InlineData("{{ for x in 1..3 }}{{ x | nope }}{{ end }}\n", "templates/cloud-init/user-data.sbn:1:")]
    public void Should_Report_INV0802_With_The_Template_Line_For_A_Broken_Template(string template, string where)
    {
        using var temp = new TempDir();
        TempDir.CopyTree(Repo.Templates, temp.Path);
        File.WriteAllText(temp.Combine("cloud-init", "user-data.sbn"), template);
        var (_, diagnostics) = Renderer.Render(Model(), new TemplateSet(temp.Path), 1, [new CloudInitTarget()]);
        var diagnostic = Assert.Single(diagnostics.DistinctBy(d => d.Code));
        Assert.Equal("INV0802", diagnostic.Code);
        Assert.Contains(where, diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_INV0802_For_A_Missing_Template()
    {
        using var temp = new TempDir();
        var (_, diagnostics) = Renderer.Render(Model(), new TemplateSet(temp.Path), 1, [new CloudInitTarget()]);
        Assert.Contains(diagnostics, d => d.Code == "INV0802" && d.Message.Contains("the template is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Report_INV0804_When_A_Target_Throws_Anything()
    {
        var target = new FixedTarget("boom", _ => throw new TargetBug("a bug"));
        var (files, diagnostics) = Renderer.Render(Model(), TestRender.Templates, 1, [target]);
        Assert.Empty(files);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(("INV0804", "target 'boom' failed: TargetBug: a bug"), (diagnostic.Code, diagnostic.Message));
    }

    [Fact]
    public void Should_Report_INV0803_When_Out_Cannot_Be_Written_And_Exit_With_1()
    {
        using var fixture = new InventoryFixture();
        using var temp = new TempDir();
        File.WriteAllText(temp.Combine("file"), "a file where a folder is needed");
        var console = new TestConsole();
        console.Profile.Width = 400;
        var exit = App.Run(["render", "--inventory", fixture.Root, "--out", temp.Combine("file", "out"), "--templates", Repo.Templates], console);
        Assert.Equal(App.InventoryErrors, exit);
        Assert.Contains(" error INV0803: cannot write '" + temp.Combine("file", "out") + "': ", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Leave_Out_Untouched_When_Rendering_Fails()
    {
        using var fixture = new InventoryFixture();
        using var temp = new TempDir();
        TempDir.CopyTree(Repo.Templates, temp.Combine("templates"));
        File.WriteAllText(temp.Combine("templates", "cloud-init", "meta-data.sbn"), "{{ oops }}");
        var outDirectory = temp.Combine("out");
        Directory.CreateDirectory(outDirectory);
        File.WriteAllText(Path.Combine(outDirectory, "keep.txt"), "old");
        var console = new TestConsole();
        var exit = App.Run(["render", "--inventory", fixture.Root, "--out", outDirectory, "--templates", temp.Combine("templates")], console);
        Assert.Equal(App.InventoryErrors, exit);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(outDirectory).Select(Path.GetFileName));
    }
}
