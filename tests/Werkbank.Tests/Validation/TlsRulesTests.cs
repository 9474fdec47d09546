using Werkbank.Tests.Support;
using Werkbank.Validation;

namespace Werkbank.Tests.Validation;

/// <summary>platform.tls.ca_certificate must be PEM CA certificates and nothing else (INV0405).</summary>
public sealed class TlsRulesTests
{
    private static string ExampleCa()
    {
        var text = File.ReadAllText(Repo.Path("inventory", "platform.yaml"));
        var start = text.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        var end = text.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + "-----END CERTIFICATE-----".Length;
        return string.Join("\n", text[start..end].Split('\n').Select(l => l.Trim())) + "\n";
    }

    private static string Leaf() =>
        string.Join("\n", File.ReadAllLines(Repo.Path("tests", "Diagnostics", "INV0405-invalid-ca-certificate", "overlay", "platform.yaml"))
            .SkipWhile(l => !l.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal)).Select(l => l.Trim())) + "\n";

    [Fact]
    public void Should_Accept_The_Example_Ca_And_A_Bundle_Of_Two() =>
        Assert.Null(TlsRules.Problem(ExampleCa()) ?? TlsRules.Problem(ExampleCa() + ExampleCa()));

    [Fact]
    public void Should_Refuse_A_Certificate_That_Is_Not_A_Ca() =>
        Assert.Contains("is not a CA", TlsRules.Problem(ExampleCa() + Leaf()), StringComparison.Ordinal);

    [Theory]
    [InlineData("", "holds no PEM block")]
    [InlineData("MIIBzjCCAXWgAwIBAgIU", "holds no PEM block")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n", "is a 'PUBLIC KEY'")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "does not parse")]
    public void Should_Name_What_Is_Wrong(string pem, string problem) =>
        Assert.Contains(problem, TlsRules.Problem(pem), StringComparison.Ordinal);

    [Fact]
    public void Should_Refuse_Text_After_The_Last_Certificate() =>
        Assert.Contains("text after", TlsRules.Problem(ExampleCa() + "garbage\n"), StringComparison.Ordinal);
}
