using Werkbank.Pipeline;
using Werkbank.Plan;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Plan;

/// <summary>
/// tests/Plans/&lt;case&gt;/base and head are two inventories; summary.md is the plan an admin reads in
/// the merge request. WERKBANK_BLESS=1 rewrites summary.md after an intended change.
/// </summary>
public sealed class PlanBaselineTests
{
    private static string CasesRoot => Repo.Path("tests", "Plans");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            data.Add(folder!);
        }

        return data;
    }

    public static string Summarize(string baseInventory, string headInventory)
    {
        var before = Compiler.Compile(baseInventory);
        var after = Compiler.Compile(headInventory);
        Assert.False(before.HasErrors, string.Join("\n", before.Diagnostics.Select(d => d.Format("base"))));
        Assert.False(after.HasErrors, string.Join("\n", after.Diagnostics.Select(d => d.Format("head"))));
        return PlanMarkdown.Render(PlanDiff.Compare(before.Model, after.Model!));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PlanBaseline(string name)
    {
        var folder = Path.Combine(CasesRoot, name);
        var actual = Summarize(Path.Combine(folder, "base"), Path.Combine(folder, "head"));
        var expectedPath = Path.Combine(folder, "summary.md");
        if (Bless.Enabled)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing: bless with WERKBANK_BLESS=1 ./test.sh --filter PlanBaseline");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }
}
