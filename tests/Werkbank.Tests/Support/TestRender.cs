using System.Collections.Immutable;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Templates;

namespace Werkbank.Tests.Support;

/// <summary>Runs the pipeline in memory, the way `render` does, for tests.</summary>
public static class TestRender
{
    private static readonly Lazy<BuildResult> Example = new(() => Build(Repo.ExampleInventory));

    public static TemplateSet Templates { get; } = new(Repo.Templates);

    public static BuildResult Build(string inventory, int parallelism = 4) =>
        global::Werkbank.Pipeline.Build.Run(inventory, Templates, parallelism);

    /// <summary>The example inventory, rendered once per test run. Fails the test on any diagnostic error.</summary>
    public static BuildResult ExampleBuild()
    {
        var build = Example.Value;
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return build;
    }

    public static ImmutableArray<OutputFile> ExampleFiles() => ExampleBuild().Files;

    /// <summary>
    /// Renders like `render` does as far as the inventory is concerned: fails on errors, then writes the
    /// new allocation ledger into the inventory folder, so that the next build starts from it.
    /// </summary>
    public static BuildResult BuildAndKeepLedger(string inventory, int parallelism = 4)
    {
        var build = Build(inventory, parallelism);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        var ledger = build.Ledger(inventory) ?? throw new InvalidOperationException("a render without errors always has a ledger");
        File.WriteAllBytes(ledger.Path, ledger.Content);
        return build;
    }

    /// <summary>Writes files into a folder (for the real checkers, which read files).</summary>
    public static void WriteTo(string folder, IEnumerable<OutputFile> files)
    {
        foreach (var file in files)
        {
            var path = System.IO.Path.Combine(folder, file.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
        }
    }
}
