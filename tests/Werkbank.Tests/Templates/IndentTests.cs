using CsCheck;
using Werkbank.Templates;

namespace Werkbank.Tests.Templates;

/// <summary>
/// <c>{{ text | indent n }}</c> builds every embedded file of every user, so it is written as one pass
/// over the text. The law: it gives exactly what the plain definition gives (split at line feeds,
/// indent every line but the first unless it is empty, join), for any text.
/// </summary>
public sealed class IndentTests
{
    private static string Reference(string? value, int spaces)
    {
        var pad = new string(' ', spaces);
        var lines = (value ?? string.Empty).TrimEnd('\n').Split('\n');
        return string.Join("\n", lines.Select((line, i) => i == 0 || line.Length == 0 ? line : pad + line));
    }

    private static readonly Gen<string> Lines = Gen.Frequency(
        (4, Gen.Char['a', 'z']),
        (3, Gen.Const('\n')),
        (1, Gen.OneOf<char>(' ', '\r', '\t', '\u0085', '\u2028', '\f'))).Array[0, 60].Select(chars => new string(chars));

    [Fact]
    public void Should_Match_The_Plain_Definition_For_Any_Text()
    {
        Gen.Select(Lines, Gen.Int[0, 12]).Sample((text, spaces) => Assert.Equal(Reference(text, spaces), TemplateFunctions.Indent(text, spaces)), iter: 5000, threads: 1);
    }

    [Theory]
    [InlineData(null, 4, "")]
    [InlineData("", 2, "")]
    [InlineData("one", 2, "one")]
    [InlineData("one\ntwo\n\nthree\n\n\n", 2, "one\n  two\n\n  three")]
    [InlineData("\nsecond", 3, "\n   second")]
    public void Should_Indent_Every_Line_But_The_First_And_Empty_Ones(string? text, int spaces, string expected)
    {
        Assert.Equal(expected, TemplateFunctions.Indent(text, spaces));
    }
}
