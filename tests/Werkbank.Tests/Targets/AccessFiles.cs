using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets;

/// <summary>Rendered access files of the example (traefik) and of the kong baseline inventory, by path.</summary>
internal static class AccessFiles
{
    private static readonly Lazy<Pipeline.BuildResult> Kong = new(() => TestRender.Build(KongInventory));

    public static string KongInventory => Repo.Path("tests", "Baselines", "kong-gateway", "inventory");

    public static Pipeline.BuildResult KongBuild()
    {
        var build = Kong.Value;
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        return build;
    }

    public static string Example(string path) => Text(TestRender.ExampleFiles(), path);

    public static string KongExample(string path) => Text(KongBuild().Files, path);

    public static string Text(IEnumerable<OutputFile> files, string path) =>
        files.SingleOrDefault(f => f.Path == path)?.ContentAsText ?? throw new Xunit.Sdk.XunitException($"{path} was not rendered");

    public static bool Has(IEnumerable<OutputFile> files, string path) => files.Any(f => f.Path == path);

    /// <summary>Writes one file into a temp folder and runs a checker script on it; returns the checker's result.</summary>
    public static ExternalTool.Result Check(string script, string fileName, string content)
    {
        using var temp = new TempDir("werkbank-check-");
        var path = temp.Combine(fileName);
        File.WriteAllText(path, content);
        return Checkers.Run(script, path);
    }
}
