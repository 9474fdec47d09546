using System.Text.RegularExpressions;
using CsCheck;
using Werkbank.Output;
using YamlDotNet.Core;

namespace Werkbank.Tests.Output;

/// <summary>YamlText writes a string plain only where the definition (as regular expressions) allows it.</summary>
public sealed partial class YamlTextTests
{
    [GeneratedRegex(@"^[A-Za-z_/][A-Za-z0-9_./@-]*\z")]
    private static partial Regex SafePlain();

    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)\z")]
    private static partial Regex Ambiguous();

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("y", "Yes", "NO", "off", "On", "null", "NULL", "~", "true", "False", "yes!", "Nope", "nulls", "", "-", "/", "@x", "_a"),
        Gen.Frequency(
            (6, Gen.Char['a', 'z']),
            (2, Gen.OneOf('A', 'Z', '0', '9', '_', '.', '/', '@', '-')),
            (1, Gen.OneOf(' ', ':', '#', '"', '\'', '\t', 'é', '\u00a0', '*', '!', '%')))
        .Array[1, 12].Select(chars => new string(chars)));

    [Fact]
    public void Should_Write_Plain_Exactly_What_The_Definition_Allows()
    {
        Scalar.Sample(text =>
        {
            var plain = SafePlain().IsMatch(text) && !Ambiguous().IsMatch(text);
            Assert.Equal(plain, YamlText.StyleOf(text) == ScalarStyle.Plain);
        }, iter: 20000, threads: 1);
    }
}
