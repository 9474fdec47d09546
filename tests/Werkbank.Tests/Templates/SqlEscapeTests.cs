using Werkbank.Templates;

namespace Werkbank.Tests.Templates;

public sealed class SqlEscapeTests
{
    [Theory]
    [InlineData("alpha", "'alpha'", "\"alpha\"")]
    [InlineData("o'brien", "'o''brien'", "\"o'brien\"")]
    [InlineData("a\"b", "'a\"b'", "\"a\"\"b\"")]
    [InlineData("x'); drop table t; --", "'x''); drop table t; --'", "\"x'); drop table t; --\"")]
    [InlineData("back\\slash", "'back\\slash'", "\"back\\slash\"")]
    public void Should_Quote_Literals_And_Identifiers(string value, string literal, string identifier)
    {
        Assert.Equal(literal, Escape.SqlLiteral(value));
        Assert.Equal(identifier, Escape.SqlIdentifier(value));
    }

    [Fact]
    public void Should_Refuse_Nul() => Assert.Throws<ArgumentException>(() => Escape.SqlLiteral("a\0b"));
}
