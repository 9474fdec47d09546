using CsCheck;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>A target's output path can never leave out/: relative, forward slashes, no empty, '.', '..' or control-character segments.</summary>
public sealed class OutputPathsTests
{
    [Theory]
    [InlineData("cloud-init/u1/user-data", true)]
    [InlineData("README.md", true)]
    [InlineData("a/.hidden/b", true)]
    [InlineData("a/..b/c", true)]
    [InlineData("", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("a//b", false)]
    [InlineData("a/", false)]
    [InlineData("./a", false)]
    [InlineData("a/../../b", false)]
    [InlineData("..", false)]
    [InlineData("a\\b", false)]
    [InlineData("a/b\nc", false)]
    [InlineData("a/\u0085", false)]
    public void Accepts_only_paths_inside_out(string path, bool safe) => Assert.Equal(safe, OutputPaths.IsSafe(path));

    // The plain definition the fast check must agree with.
    private static bool Reference(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != ".." && !segment.Any(char.IsControl));

    [Fact]
    public void Agrees_with_the_plain_definition_for_any_path() =>
        Gen.String[Gen.OneOf(Gen.Char["a./\\-"], Gen.Char['\0', '\u00a0'])].Sample(path => Assert.Equal(Reference(path), OutputPaths.IsSafe(path)), iter: 20_000);
}
