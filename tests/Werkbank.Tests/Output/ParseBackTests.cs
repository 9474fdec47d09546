using System.Text;
using Werkbank.Output;

namespace Werkbank.Tests.Writer;

/// <summary>
/// The parse-back check of rendered files: a file that does not parse is reported, unless the same
/// bytes were already in out/ (they parsed when that render ran) or a serializer wrote them.
/// </summary>
public sealed class ParseBackTests
{
    private static OutputFile Broken(string path = "cloud-init/alice/user-data") =>
        OutputFile.Text(path, "users:\n  - name: alice\n    groups: [docker\n", "user:alice");

    [Fact]
    public void Should_Report_A_Template_Output_That_Does_Not_Parse()
    {
        var problem = Assert.Single(ParseBack.Check([Broken()], parallelism: 2));
        Assert.Contains("cloud-init/alice/user-data", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Not_Parse_Again_What_Out_Already_Holds_Byte_For_Byte()
    {
        var file = Broken();
        var before = new Dictionary<string, string>(StringComparer.Ordinal) { [file.Path] = file.Sha256 };
        Assert.Empty(ParseBack.Check([file], parallelism: 2, before));
    }

    [Fact]
    public void Should_Parse_A_File_Whose_Bytes_Differ_From_Out()
    {
        var file = Broken();
        var before = new Dictionary<string, string>(StringComparer.Ordinal) { [file.Path] = new string('0', 64) };
        Assert.Single(ParseBack.Check([file], parallelism: 2, before));
    }

    [Fact]
    public void Should_Trust_Serializer_Output_And_Still_Hash_Every_File()
    {
        var serialized = Broken("proxmox/host_vars/vm-alice.yml") with { WellFormedByConstruction = true };
        Assert.Empty(ParseBack.Check([serialized], parallelism: 1));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(serialized.Content)), serialized.Sha256);
    }

    [Theory]
    [InlineData("a\r\nb\r\n\r\n", "a\nb\n")]
    [InlineData("no newline", "no newline\n")]
    [InlineData("ünïcödé\n\n", "ünïcödé\n")]
    [InlineData("", "\n")]
    public void Should_Store_Text_As_Utf8_With_Lf_Ending_In_One_Newline(string text, string expected)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(expected), OutputFile.Text("x.txt", text).Content);
    }
}
