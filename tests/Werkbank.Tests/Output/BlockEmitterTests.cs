using System.Text;
using CsCheck;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>The fast emitter writes exactly YamlDotNet's bytes for what it takes, and gives the rest back.</summary>
public sealed class BlockEmitterTests
{
    [Fact]
    public void Generated_data_is_written_byte_for_byte_as_YamlDotNet_writes_it()
    {
        var taken = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var data = Value(random, depth: 0);
            foreach (var indentSequences in BothStyles)
            {
                var fast = new StringBuilder();
                if (!BlockEmitter.TryWrite(data, indentSequences, fast))
                {
                    continue;
                }

                var reference = new StringBuilder();
                YamlText.EmitWithYamlDotNet(data, indentSequences, reference);
                Assert.Equal(reference.ToString(), fast.ToString());
                taken++;
            }
        }, iter: 10_000, threads: 1);

        Assert.True(taken > 10_000, $"the fast emitter took only {taken} of 20,000 documents");
    }

    [Fact]
    public void What_it_cannot_vouch_for_goes_to_YamlDotNet()
    {
        var longKey = new string('k', 1025);
        Assert.False(BlockEmitter.TryWrite(Map(("a\nb", "x")), false, new StringBuilder()));
        Assert.False(BlockEmitter.TryWrite(Map((longKey, "x")), false, new StringBuilder()));
        Assert.False(BlockEmitter.TryWrite(Map(("a", "\uD800 alone")), false, new StringBuilder()));

        // A tab stays a tab inside double quotes, as YamlDotNet writes it; other controls are escaped.
        Assert.Equal("\"\\U0001F600 \t\\e\"\n", YamlText.Serialize("\U0001F600 \t\u001B"));
    }

    [Fact]
    public void Serialize_gives_the_same_text_either_way_for_the_example_shapes()
    {
        var host = Map(("werkbank_user", "akowalska"), ("werkbank_vmid", 1000), ("werkbank_api_host", "10.41.0.11"),
            ("werkbank_net", Map(("net0", "virtio=bc:24:11:00:03:e8,bridge=vmbr0,tag=40"))), ("werkbank_hostpci", Map()),
            ("werkbank_tags", Tags), ("werkbank_onboot", true), ("cpu", 4.0), ("empty", Array.Empty<string>()));
        foreach (var indentSequences in BothStyles)
        {
            var reference = new StringBuilder();
            YamlText.EmitWithYamlDotNet(host, indentSequences, reference);
            Assert.Equal(reference.ToString(), YamlText.Serialize(host, indentSequences: indentSequences));
        }
    }

    private static readonly bool[] BothStyles = [false, true];

    private static readonly string[] Tags = ["werkbank", "role-analyst"];

    private static OrderedDictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = YamlText.Map();
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }

    private static readonly string[] Strings =
    [
        "x", "werkbank", "role-analyst", "10.40.0.2", "/opt/x", "_x", "a@b", "-5", "-x", "- x", "yes", "null", "~", "", " ", "a b", " padded ",
        "trailing ", "it's", "say \"hi\"", "back\\slash", "tab\there", "é ü ß", "\U0001F600", "\u00A0nbsp", "\u0085nel", "\u2028ls",
        "bell\a", "nul\0", "esc\u001B", "\uFFFE", "\uE000", "line\nbreak", "two\nlines\n", "ends\n\n", "\nleading", "spaces\n  \nline",
        "script\n  indented\n\ndone\n", "cr\r\nlf", "#hash", "a #b", "a: b", "[x]", "{x}", "*x", "&x", "!x", "%x", "`x", "'q'", "\"q\"",
        "---", "...", "a,b", "?x", ":x", "x:", "0x1F", "1e3", "12", "3.5", "http://x.example/a?b=c", "key=value,other=1",
    ];

    private static object? Value(Random random, int depth) => random.Next(depth >= 4 ? 6 : 10) switch
    {
        0 or 1 or 2 => Strings[random.Next(Strings.Length)],
        3 => random.Next(4) switch { 0 => null, 1 => random.Next(2) == 0, 2 => random.Next(-100, 100000), _ => Math.Round(random.NextDouble() * 100, 2) },
        4 => random.Next(3) == 0 ? Strings[random.Next(Strings.Length)] + "\n" + Strings[random.Next(Strings.Length)] + "\n" : (long)random.Next(),
        5 => random.Next(2) == 0 ? double.NaN : double.PositiveInfinity,
        6 or 7 => Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1)).ToList(),
        _ => MapOf(random, depth),
    };

    private static OrderedDictionary<string, object?> MapOf(Random random, int depth)
    {
        var map = YamlText.Map();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            map[random.Next(3) == 0 ? Strings[random.Next(Strings.Length)] : $"key_{random.Next(20)}"] = Value(random, depth + 1);
        }

        return map;
    }
}
