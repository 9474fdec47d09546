using Werkbank.Tests.Support;

namespace Werkbank.Tests.Validation;

/// <summary>
/// One folder per diagnostic under tests/Diagnostics/&lt;CODE&gt;-&lt;what&gt;/: an overlay/ of files put
/// over the small valid inventory in _base/, an optional 'remove' list, and expected.txt with every
/// diagnostic line the result must give (code, file, line and column included).
/// </summary>
public sealed class DiagnosticCaseTests
{
    private static string CasesRoot => Repo.Path("tests", "Diagnostics");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (folder is not null && !folder.StartsWith('_'))
            {
                data.Add(folder);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DiagnosticCase(string name)
    {
        var folder = Path.Combine(CasesRoot, name);
        using var fixture = new InventoryFixture();
        fixture.ApplyCase(folder);

        var actual = string.Join("\n", fixture.DiagnosticLines()) + "\n";
        Bless.CompareOrWrite(Path.Combine(folder, "expected.txt"), actual);
        var code = name.Split('-')[0];
        Assert.Contains($" {code}: ", actual, StringComparison.Ordinal);
    }
}
