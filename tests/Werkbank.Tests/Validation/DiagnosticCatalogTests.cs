using System.Text.RegularExpressions;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Validation;

/// <summary>The catalogue's laws: every code is created in one place only, and every code is tested.</summary>
public sealed partial class DiagnosticCatalogTests
{
    [GeneratedRegex("(?:Error|Warning|Info)\\(\"(INV\\d{4})\"")]
    private static partial Regex CodeDefinition();

    [GeneratedRegex("INV\\d{4}")]
    private static partial Regex AnyCode();

    private static List<string> DefinedCodes() =>
        [.. Directory.EnumerateFiles(Repo.Path("generator", "Diagnostics"), "*.cs")
            .SelectMany(file => CodeDefinition().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))];

    [Fact]
    public void Should_Define_Each_Code_Once()
    {
        var codes = DefinedCodes();
        Assert.NotEmpty(codes);
        var duplicates = codes.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Should_Have_A_Test_For_Every_Code()
    {
        var caseFolders = Directory.EnumerateDirectories(Repo.Path("tests", "Diagnostics")).Select(Path.GetFileName).ToList();
        var testSources = Directory.EnumerateFiles(Repo.Path("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.EndsWith("DiagnosticCatalogTests.cs", StringComparison.Ordinal))
            .SelectMany(f => AnyCode().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        var untested = DefinedCodes()
            .Where(code => !caseFolders.Any(f => f!.StartsWith(code + "-", StringComparison.Ordinal)) && !testSources.Contains(code))
            .ToList();
        Assert.True(untested.Count == 0, "Codes without a case folder in tests/Diagnostics or a test naming them: " + string.Join(", ", untested));
    }
}
