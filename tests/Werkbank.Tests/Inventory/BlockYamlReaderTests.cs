using System.Text;
using CsCheck;
using Werkbank.Inventory.Yaml;
using Werkbank.Tests.Support;
using YamlDotNet.Core;

namespace Werkbank.Tests.Inventory;

/// <summary>
/// The fast reader is only ever allowed to be right: whatever it accepts must give YamlDotNet's tree
/// (text, style and position of every node); everything else it must hand back (null).
/// </summary>
public sealed class BlockYamlReaderTests
{
    // ---- the law, on generated documents -------------------------------------------------------

    [Fact]
    public void Generated_documents_it_accepts_read_exactly_as_YamlDotNet_reads_them()
    {
        var accepted = 0;
        Gen.Int.Sample(seed =>
        {
            var text = new DocumentWriter(new Random(seed)).Document();
            if (AssertAgreesWithYamlDotNet(text))
            {
                Interlocked.Increment(ref accepted);
            }
        }, iter: 20_000, threads: 1);

        // The generator writes mostly valid block YAML: if the fast path took few of them, it would
        // not be tested (and not be fast).
        Assert.True(accepted > 8_000, $"only {accepted} of 20,000 generated documents took the fast path");
    }

    [Fact]
    public void Generated_documents_with_a_typo_are_never_misread()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var text = Mutate(new DocumentWriter(random).Document(), random);
            AssertAgreesWithYamlDotNet(text);
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Token_soup_is_never_misread()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var lines = Enumerable.Range(0, random.Next(1, 7)).Select(_ =>
                new string(' ', random.Next(0, 5)) + Pick(random, SoupKeys) + Pick(random, ["", ":", ": ", ":  "]) + Pick(random, SoupValues));
            AssertAgreesWithYamlDotNet(string.Join(Pick(random, ["\n", "\n\n", "\n# c\n"]), lines) + Pick(random, ["", "\n"]));
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void What_it_certifies_as_well_formed_YamlDotNet_parses()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var text = random.Next(2) == 0 ? new DocumentWriter(random).Document() : Mutate(new DocumentWriter(random).Document(), random);
            if (BlockYamlReader.IsCertainlyWellFormed(text))
            {
                var parser = new Parser(new StringReader(text));
                while (parser.MoveNext())
                {
                }
            }
        }, iter: 10_000, threads: 1);
    }

    // ---- cases worth naming --------------------------------------------------------------------

    [Theory]
    [InlineData("a: 1\n")]
    [InlineData("a:\n")]
    [InlineData("a:\nb: 2\n")]
    [InlineData("a:\n- x\n- y\nb: 1\n")]
    [InlineData("a:\n  - x\n  -\n  - z\n")]
    [InlineData("- a: 1\n  b: 2\n- c\n-\n")]
    [InlineData("-   a: 1\n    b:\n    - x\n")]
    [InlineData("a: [x, -y, \"z\", 'w']\nb: []\nc: {}\n")]
    [InlineData("a: \"\\t\\n\\\"\\\\\\/ \\x41\\u00e9\\0\\e\\N\\_\\L\\P\"\n")]
    [InlineData("a: 'it''s'\n")]
    [InlineData("a: |\n  one\n\n  two\n   three\n\nb: |-\n  x\n  \n")]
    [InlineData("a: |\n    # not a comment\n  # a comment\nb: 1\n")]
    [InlineData("# head\na: x # tail\nb: a#b\nc: a:b\nd: -5\ne: ~\n")]
    [InlineData("a: \U0001F600 é\nb: \"\U0001F600\"\n")]
    [InlineData("a: 1")]
    [InlineData("a:")]
    public void Accepted_cases_match_YamlDotNet(string text)
    {
        Assert.True(AssertAgreesWithYamlDotNet(text), "expected the fast path to take this");
    }

    [Theory]
    [InlineData("a: b: c\n")]
    [InlineData("a: x:\n")]
    [InlineData("a:\tb\n")]
    [InlineData("a: 1\r\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: !tag 1\n")]
    [InlineData("<<: {}\n")]
    [InlineData("--- \na: 1\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: 1\n...\n")]
    [InlineData("a: one\n  two\n")]
    [InlineData("a: \"one\n  two\"\n")]
    [InlineData("a: >\n  folded\n")]
    [InlineData("a: |+\n  kept\n\n")]
    [InlineData("a: |2\n  x\n")]
    [InlineData("a: |\n  last line without a break")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a: [b, [c]]\n")]
    [InlineData("a: [b,]\n")]
    [InlineData("a: [b\n")]
    [InlineData("\"a\": 1\n")]
    [InlineData("? a\n: 1\n")]
    [InlineData("- - a\n")]
    [InlineData("- |\n  x\n")]
    [InlineData("a: 1\n- b\n")]
    [InlineData("  a: 1\n")]
    [InlineData("just a scalar\n")]
    [InlineData("# only a comment\n")]
    [InlineData("")]
    [InlineData("a: \"\\q\"\n")]
    [InlineData("a: \"\\ud800\"\n")]
    [InlineData("a: \"x\"y\n")]
    [InlineData("a: %x\n")]
    [InlineData("a: @x\n")]
    [InlineData("a:\u2028b\n")]
    [InlineData("a: 1\n b: 2\n")]
    public void Unusual_or_broken_text_is_left_to_YamlDotNet(string text)
    {
        Assert.Null(BlockYamlReader.TryRead("f.yaml", text, YamlLimits.Default));
    }

    [Fact]
    public void Limits_send_the_text_to_YamlDotNet_which_reports_them()
    {
        var deep = string.Concat(Enumerable.Range(0, 40).Select(i => new string(' ', 2 * i) + "k:\n")) + new string(' ', 80) + "v: 1\n";
        Assert.Null(BlockYamlReader.TryRead("f.yaml", deep, YamlLimits.Default));
        Assert.Null(BlockYamlReader.TryRead("f.yaml", "a: [1, 2, 3]\nb: 4\n", YamlLimits.Default with { MaxNodes = 5 }));
        Assert.Null(BlockYamlReader.TryRead("f.yaml", "a: 12345\n", YamlLimits.Default with { MaxScalarLength = 4 }));
        Assert.NotEmpty(YamlReader.Read("f.yaml", deep).Diagnostics);
    }

    // ---- the files that matter ------------------------------------------------------------------

    [Fact]
    public void Every_yaml_file_of_the_repository_reads_as_YamlDotNet_reads_it()
    {
        var root = Repo.Root;
        var files = CorpusFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)
                || Path.GetFileName(f) is "user-data" or "meta-data" or "network-config")
            .ToList();
        Assert.True(files.Count > 100, $"found only {files.Count} YAML files");
        foreach (var file in files)
        {
            AssertAgreesWithYamlDotNet(File.ReadAllText(file), file);
        }
    }

    [Fact]
    public void The_example_inventory_and_rendered_cloud_init_take_the_fast_path()
    {
        var root = Repo.Root;
        // The folders with a file per user or team, and the ledger: what grows with the company.
        var growing = Directory.EnumerateFiles(Path.Combine(root, "inventory", "users"), "*.yaml")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "inventory", "teams"), "*.yaml"))
            .Append(Path.Combine(root, "inventory", "allocations.lock.yaml"));
        foreach (var file in growing)
        {
            Assert.True(BlockYamlReader.TryRead("f.yaml", File.ReadAllText(file), YamlLimits.Default.ForLedger()) is not null,
                $"{file} no longer takes the fast path");
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "out", "cloud-init"), "*", SearchOption.AllDirectories))
        {
            Assert.True(BlockYamlReader.IsCertainlyWellFormed(File.ReadAllText(file)), $"{file} no longer takes the fast parse-back");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /// <summary>Asserts the law for one text; returns whether the fast path took it.</summary>
    private static bool AssertAgreesWithYamlDotNet(string text, string? name = null)
    {
        var fast = BlockYamlReader.TryRead("f.yaml", text, YamlLimits.Default.ForLedger());
        var certified = BlockYamlReader.IsCertainlyWellFormed(text);
        if (fast is null)
        {
            Assert.False(certified, $"certified but not read:\n{text}");
            return false;
        }

        var (slow, diagnostics) = YamlReader.ReadWithYamlDotNet("f.yaml", text, YamlLimits.Default.ForLedger());
        var context = $"{name ?? "generated"}:\n{text}\n{System.Text.Json.JsonSerializer.Serialize(text)}";
        Assert.True(diagnostics.Count == 0, $"the fast path took text YamlDotNet rejects ({string.Join("; ", diagnostics)}) in {context}");
        Assert.True(certified, $"read but not certified: {context}");
        Assert.Equal(Describe(slow!), Describe(fast));
        return true;
    }

    private static string Describe(YamlValue value)
    {
        var builder = new StringBuilder();
        Describe(value, builder, 0);
        return builder.ToString();
    }

    private static void Describe(YamlValue value, StringBuilder builder, int depth)
    {
        builder.Append(' ', depth * 2).Append($"{value.Span.Line}:{value.Span.Column} ");
        switch (value)
        {
            case YamlScalarValue scalar:
                builder.Append(scalar.IsPlain ? "plain " : "styled ").Append(System.Text.Json.JsonSerializer.Serialize(scalar.Text)).Append('\n');
                break;
            case YamlMappingValue mapping:
                builder.Append("map\n");
                foreach (var entry in mapping.Entries)
                {
                    Describe(entry.Key, builder, depth + 1);
                    Describe(entry.Value, builder, depth + 2);
                }

                break;
            case YamlSequenceValue sequence:
                builder.Append("list\n");
                foreach (var item in sequence.Items)
                {
                    Describe(item, builder, depth + 1);
                }

                break;
        }
    }

    private static readonly string[] CorpusFolders = ["inventory", "tests", "templates", "out"];

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static readonly string[] SoupKeys = ["a", "key_1", "x.y", "$s", "-", "- ", "-k", "\"q\"", "'q'", "k k", "<<", "1", "null", "a/b", "?", "? k", "&a k", "#", "---", "...", "%YAML", "[a]", "{a", "|", ""];

    private static readonly string[] SoupValues =
    [
        "", "x", "a b", "a:b", "a: b", "a#b", "a #b", "-x", "- x", "-", ":x", "?x", "x:", "~", "null", "[a, b]", "[]", "[a,]", "[a, [b]]",
        "[ \"x\" , 'y' ]", "[-]", "[-a, --b]", "{}", "{a: 1}", "\"e \\n \\t \\\" \\x41 \\u00e9 \\/\"", "\"bad \\q\"", "\"\\U0001F600\"", "'it''s'",
        "'open", "\"open", "|", "|-", "|+", ">", "é ü", "\U0001F600", "#c", "x # c", "\"q\" # c", "\"q\"x", "\\", "%x", "@x", "`x",
        "a\tb", "a\rb", "*a", "!t x", "a  b  ", "\"\"", "''", "'a'#c", "0x1F", "1e3", "yes",
    ];

    /// <summary>One typo: a character inserted, deleted or replaced, or two lines swapped.</summary>
    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0)
        {
            return "x";
        }

        var at = random.Next(text.Length);
        const string Noise = " \n-:#\"'|>[]{},&*!%@`\\\ta";
        return random.Next(4) switch
        {
            0 => text.Insert(at, Noise[random.Next(Noise.Length)].ToString()),
            1 => text.Remove(at, 1),
            2 => text.Remove(at, 1).Insert(at, Noise[random.Next(Noise.Length)].ToString()),
            _ => SwapLines(text, random),
        };
    }

    private static string SwapLines(string text, Random random)
    {
        var lines = text.Split('\n');
        var i = random.Next(lines.Length);
        var j = random.Next(lines.Length);
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join('\n', lines);
    }

    /// <summary>Writes a random tree as block YAML the way people and templates do, with every style choice random.</summary>
    private sealed class DocumentWriter(Random random)
    {
        private readonly StringBuilder text = new();
        private readonly int step = random.Next(4) == 0 ? random.Next(1, 5) : 2;
        private readonly bool indentLists = random.Next(2) == 0;

        public string Document()
        {
            Comment(0);
            if (random.Next(6) == 0)
            {
                List(0, depth: 0);
            }
            else
            {
                Mapping(0, depth: 0);
            }

            return random.Next(8) == 0 ? text.ToString().TrimEnd('\n') : text.ToString();
        }

        private void Comment(int indent)
        {
            switch (random.Next(10))
            {
                case 0:
                    text.Append(' ', indent).Append("# a comment: with - signs\n");
                    break;
                case 1:
                    text.Append('\n');
                    break;
                case 2:
                    text.Append(' ', random.Next(0, 6)).Append('\n');
                    break;
            }
        }

        private void Mapping(int indent, int depth, bool firstKeyInline = false)
        {
            var count = random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                if (i > 0 || !firstKeyInline)
                {
                    Comment(indent);
                    text.Append(' ', indent);
                }

                text.Append(Pick(random, Keys)).Append(':');
                Value(indent, depth + 1, inList: false);
            }
        }

        private void List(int indent, int depth)
        {
            var count = random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                Comment(indent);
                text.Append(' ', indent).Append('-');
                if (depth < 4 && random.Next(3) == 0)
                {
                    var spaces = random.Next(4) == 0 ? random.Next(1, 4) : 1;
                    text.Append(' ', spaces);
                    Mapping(indent + 1 + spaces, depth + 1, firstKeyInline: true);
                }
                else
                {
                    Value(indent, depth + 1, inList: true);
                }
            }
        }

        /// <summary>After "key:" or "-": the rest of the line, and any lines the value needs.</summary>
        private void Value(int ownerIndent, int depth, bool inList)
        {
            var choice = depth >= 5 ? random.Next(5) : random.Next(8);
            switch (choice)
            {
                case 0:
                    text.Append(' ').Append(Pick(random, Plain)).Append(Tail()).Append('\n');
                    break;
                case 1:
                    text.Append(' ').Append(Quoted()).Append(Tail()).Append('\n');
                    break;
                case 2:
                    text.Append(' ').Append('[').Append(string.Join(Pick(random, [", ", ",", " , "]),
                        Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(2) == 0 ? Pick(random, FlowPlain) : Quoted()))).Append(']').Append(Tail()).Append('\n');
                    break;
                case 3:
                    text.Append(random.Next(3) == 0 ? "" : Tail()).Append('\n'); // empty: null
                    break;
                case 4 when !inList:
                    Literal(ownerIndent);
                    break;
                case 4:
                    text.Append(' ').Append(Pick(random, Plain)).Append('\n');
                    break;
                case 5 or 6:
                    text.Append(Tail()).Append('\n');
                    var nested = ownerIndent + step;
                    if (random.Next(2) == 0)
                    {
                        Mapping(nested, depth);
                    }
                    else
                    {
                        List(!inList && !indentLists ? ownerIndent : nested, depth);
                    }

                    break;
                default:
                    text.Append(' ').Append(Pick(random, ["{}", "[]", "\"\"", "''", "~", "null"])).Append('\n');
                    break;
            }
        }

        private void Literal(int ownerIndent)
        {
            text.Append(' ').Append(random.Next(2) == 0 ? "|" : "|-").Append('\n');
            var indent = ownerIndent + random.Next(1, 5);
            var lines = random.Next(1, 5);
            for (var i = 0; i < lines; i++)
            {
                switch (random.Next(6))
                {
                    case 0:
                        text.Append('\n');
                        break;
                    case 1:
                        text.Append(' ', random.Next(0, indent + 1)).Append('\n');
                        break;
                    default:
                        text.Append(' ', indent + (random.Next(4) == 0 ? random.Next(1, 3) : 0)).Append(Pick(random, LiteralLines)).Append('\n');
                        break;
                }
            }
        }

        private string Tail() => random.Next(6) == 0 ? " # note" : random.Next(8) == 0 ? "  " : "";

        private string Quoted()
        {
            var value = Pick(random, Plain.Concat(["it's", "a \"b\"", "é\\", "", " padded "]).ToArray());
            return random.Next(2) == 0
                ? "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'"
                : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                    + Pick(random, ["", "\\n", "\\t", "\\u00e9", "\\x41", "\\/", "\\\\"]) + "\"";
        }

        private static readonly string[] Keys = ["name", "email", "role", "teams", "a", "b1", "x.y", "$schema", "k-8", "ssh_keys", "/path", "1", "null", "a@b", "c+d"];
        private static readonly string[] Plain = ["x", "Anna Kowalska", "a:b", "a#b", "-5", "3.14", "true", "null", "~", "u00001@synthetic.example", "ssh-ed25519 AAAA== me@laptop", "https://x.example/a?b=c", "é ü ß", "\U0001F600", "a 'quoted' word", "say \"hi\"", "50%", "x|y", "x>y", "a,b", "a]b"];
        private static readonly string[] FlowPlain = ["x", "team-000", "--now", "-l", "docker", "a b", "é", "1.5"];
        private static readonly string[] LiteralLines = ["export A='b'", "# not a comment", "  nested", "{ \"json\": [1, 2] }", "- not a list", "key: not a map", "\U0001F600"];
    }
}
