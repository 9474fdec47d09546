using Werkbank.Tests.Support;

namespace Werkbank.Tests.EndToEnd;

/// <summary>The same inventory gives the same bytes whatever the time zone, locale and thread count.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Should_Render_The_Same_Bytes_In_Any_Time_Zone_Locale_And_Thread_Count()
    {
        using var temp = new TempDir();
        var first = RenderWithCli(temp, "a", new() { ["TZ"] = "UTC", ["LC_ALL"] = "C.UTF-8" }, threads: 4);
        var second = RenderWithCli(temp, "b", new() { ["TZ"] = "Pacific/Auckland", ["LC_ALL"] = "tr_TR.UTF-8", ["LANG"] = "tr_TR.UTF-8" }, threads: 1);
        Trees.AssertSame(first, second);
    }

    [Fact]
    public void Should_Render_The_Same_Files_Twice_In_Process()
    {
        var one = TestRender.Build(Repo.ExampleInventory, parallelism: 1).Files;
        var two = TestRender.Build(Repo.ExampleInventory, parallelism: 8).Files;
        Assert.Equal(one.Select(f => f.Path), two.Select(f => f.Path));
        Assert.Equal(one.Select(f => f.Sha256), two.Select(f => f.Sha256));
    }

    /// <summary>Renders a copy of the example with the real CLI in a child process with the given environment.</summary>
    internal static string RenderWithCli(TempDir temp, string name, Dictionary<string, string> environment, int threads, string? inventory = null)
    {
        var inventoryCopy = temp.Combine(name, "inventory");
        TempDir.CopyTree(inventory ?? Repo.ExampleInventory, inventoryCopy);
        var output = temp.Combine(name, "out");
        var result = CliProcess.Run(["render", "--inventory", inventoryCopy, "--out", output, "--templates", Repo.Templates, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);
        Assert.True(result.ExitCode == 0, result.Output);
        return temp.Combine(name);
    }
}
