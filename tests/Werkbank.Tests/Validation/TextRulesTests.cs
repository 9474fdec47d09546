using Werkbank.Diagnostics;
using Werkbank.Validation;

namespace Werkbank.Tests.Validation;

public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Team ${KEYCLOAK_CLIENT_SECRET_GITLAB}")]
    [InlineData("${X}")]
    [InlineData("costs ${")]
    public void Should_Refuse_The_Start_Of_A_Placeholder(string text)
    {
        // The apply steps fill every ${NAME} they find with a CI secret: in a description, users would read it.
        var found = new List<Diagnostic>();
        Assert.False(TextRules.CheckPlain("description", text, SourceSpan.None, found));
        var diagnostic = Assert.Single(found);
        Assert.Equal("INV0135", diagnostic.Code);
        Assert.Contains("placeholder", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("costs $5 {per seat}")]
    [InlineData("$ {not one}")]
    [InlineData("$(NAME) is keycloak-config-cli's default syntax, not ours")]
    public void Should_Accept_Dollars_And_Braces_That_Are_No_Placeholder(string text)
    {
        var found = new List<Diagnostic>();
        Assert.True(TextRules.CheckPlain("description", text, SourceSpan.None, found));
        Assert.Empty(found);
    }
}
