using Werkbank.Tests.Support;

namespace Werkbank.Tests.Baselines;

/// <summary>
/// tests/Baselines/&lt;case&gt;/inventory is rendered in memory and compared, file by file, with
/// tests/Baselines/&lt;case&gt;/expected/. The actual output of a failing case is left in
/// .work/baselines/&lt;case&gt;/ so that `diff -r` shows the change; WERKBANK_BLESS=1 re-blesses.
/// </summary>
public sealed class BaselineTests
{
    private static string CasesRoot => Repo.Path("tests", "Baselines");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (folder is not null && Directory.Exists(Path.Combine(CasesRoot, folder, "inventory")))
            {
                data.Add(folder);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Baseline(string name)
    {
        var folder = Path.Combine(CasesRoot, name);
        var build = TestRender.Build(Path.Combine(folder, "inventory"));
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        var files = build.Files.Add(global::Werkbank.Output.Manifest.For(build.Files, build.Ledger(Path.Combine(folder, "inventory"))?.Sha256).ToFile());
        var expectedRoot = Path.Combine(folder, "expected");
        if (Bless.Enabled)
        {
            if (Directory.Exists(expectedRoot))
            {
                Directory.Delete(expectedRoot, recursive: true);
            }

            TestRender.WriteTo(expectedRoot, files);
            return;
        }

        var actualRoot = Repo.Path(".work", "baselines", name);
        if (Directory.Exists(actualRoot))
        {
            Directory.Delete(actualRoot, recursive: true);
        }

        TestRender.WriteTo(actualRoot, files);
        var hint = $"\nSee the difference: diff -r tests/Baselines/{name}/expected .work/baselines/{name}\n" +
                   "If it is intended: WERKBANK_BLESS=1 ./test.sh --filter Baseline";
        var expected = Directory.Exists(expectedRoot)
            ? Directory.EnumerateFiles(expectedRoot, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(expectedRoot, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.True(expected.SequenceEqual(files.Select(f => f.Path).Order(StringComparer.Ordinal)),
            "The set of files differs." + hint);
        foreach (var file in files)
        {
            var want = File.ReadAllBytes(Path.Combine(expectedRoot, file.Path));
            Assert.True(want.AsSpan().SequenceEqual(file.Content), $"{file.Path} differs." + hint);
        }
    }
}
