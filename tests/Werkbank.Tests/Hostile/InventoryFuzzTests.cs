using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Werkbank.Pipeline;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Hostile;

/// <summary>
/// Property-based fuzzing (CsCheck) of the loader, the validator and the render: the small valid
/// inventory with one file mutated (byte flips, deleted and duplicated lines, renamed keys, random
/// YAML values, swapped types, hostile snippets). Any exception is a bug: broken input must end in
/// diagnostics. Bounded for CI (WERKBANK_FUZZ_ITER raises the count locally); a failing inventory
/// is saved under tests/Hostile/regressions/, where the regression test keeps running it.
/// </summary>
public sealed class InventoryFuzzTests
{
    /// <summary>One edit of a file: what kind, and numbers that pick where and what.</summary>
    public sealed record Mutation(int Kind, int Where, int What, int Extra);

    private static readonly string[] Snippets =
    [
        "[", "]", "{", "}", "&a", "*a", "*nope", "!!binary aGk=", "!local x", "~", "null", "-1", "0", "1e999", "NaN", ".inf",
        "99999999999999999999", "\"\\x\"", "\"unterminated", "'", "|", ">-", "? x", ": y", "- z", "<<: *a", "---", "...", "\t",
        "%TAG ! tag:x,2000:", "[a, [b, [c]]]", "{a: {b: {c: d}}}", "&a [*a]", "\"\\u0000\"", "\"\\u202e\"", "yes", "no", "on",
        "\"a\\nb: c\"", "glpat-Xy7zQ9vK2mN4pR6sT8uW0aB", "${HOME}", "$(reboot)", "10.50.0.0/8", "10.50.0.0/30", "256.1.1.1",
        "ssh-ed25519 AAAA", "root", "admin", "developer", "alpha", "svc-01", "pve-01", "keycloak", "ollama", "[]", "{}", "\"\"",
    ];

    private static readonly string[] Keys =
    [
        "full_name", "email", "role", "teams", "ssh_keys", "vm", "local", "state", "flavor", "gpus", "host", "name", "domain",
        "network", "vm_cidr", "gateway", "dns", "bridge", "vlan", "flavors", "cores", "memory_gib", "disk_gib", "kind", "address",
        "on", "models", "version", "replicas", "access", "rate_limits", "leads", "qdrant", "collections", "n8n", "workflows",
        "gitlab", "group", "timezone", "locale", "gateway", "realm", "secrets", "provider", "password", "<<", "", "ünïcode",
    ];

    private static readonly string[] Files = Directory.EnumerateFiles(InventoryFixture.BasePath, "*.yaml", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(InventoryFixture.BasePath, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 100_000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, w, v, e) => new Mutation(k, w, v, e));

    private static readonly Gen<(int File, Mutation[] Mutations)> Cases = Gen.Select(Gen.Int[0, Files.Length - 1], OneMutation.Array[1, 4]);

    private static byte[] Mutate(byte[] content, Mutation m)
    {
        var text = Encoding.UTF8.GetString(content);
        var lines = text.Split('\n').ToList();
        var line = lines.Count == 0 ? 0 : m.Where % lines.Count;
        var snippet = Snippets[m.What % Snippets.Length];
        switch (m.Kind)
        {
            case 0: // byte flip
                if (content.Length == 0)
                {
                    return [(byte)m.What];
                }

                var bytes = (byte[])content.Clone();
                bytes[m.Where % bytes.Length] = (byte)(m.What % 256);
                return bytes;
            case 1: // delete a line
                lines.RemoveAt(line);
                break;
            case 2: // duplicate a line (duplicate keys, repeated items)
                lines.Insert(line, lines[line]);
                break;
            case 3: // rename a key
                var colon = lines[line].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    var indent = lines[line].Length - lines[line].TrimStart().Length;
                    lines[line] = new string(' ', indent) + Keys[m.Extra % Keys.Length] + lines[line][colon..];
                }

                break;
            case 4: // replace a value with a random YAML value
                var at = lines[line].IndexOf(": ", StringComparison.Ordinal);
                lines[line] = at > 0 ? lines[line][..(at + 2)] + snippet : lines[line] + " " + snippet;
                break;
            case 5: // swap a scalar value for a list or a mapping, or the other way
                var sep = lines[line].IndexOf(": ", StringComparison.Ordinal);
                if (sep > 0)
                {
                    var value = lines[line][(sep + 2)..];
                    lines[line] = lines[line][..(sep + 2)] + (value.StartsWith('[') || value.StartsWith('{') ? "x" : m.Extra % 2 == 0 ? $"[{value}]" : $"{{k: {value}}}");
                }

                break;
            case 6: // insert a hostile line at some indentation
                lines.Insert(line, new string(' ', m.Extra % 7) + Keys[m.Extra % Keys.Length] + ": " + snippet);
                break;
            case 7: // insert a random character
                var position = m.Where % (text.Length + 1);
                return Encoding.UTF8.GetBytes(text.Insert(position, ((char)(m.What % 128 + (m.Extra % 5 == 0 ? 0x2000 : 0))).ToString()));
            case 8: // cut the file short
                return content[..(m.Where % (content.Length + 1))];
            default: // re-indent a line
                lines[line] = new string(' ', m.Extra % 9) + lines[line].TrimStart();
                break;
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    /// <summary>Loader, validator and (when the inventory is valid) every target; anything thrown propagates.</summary>
    private static void CompileAndRender(string inventory)
    {
        var compilation = Compiler.Compile(inventory);
        if (compilation.Model is not null)
        {
            var (_, diagnostics) = Renderer.Render(compilation.Model, TestRender.Templates, parallelism: 1);
            Assert.DoesNotContain(diagnostics, d => d.Code is "INV0801" or "INV0804"); // a target crash or unparsable output is a bug too
        }
    }

    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("WERKBANK_FUZZ_ITER"), out var n) ? n : 400;

    [Fact]
    public void Should_Turn_Every_Mutated_Inventory_Into_Diagnostics_Never_An_Exception()
    {
        Cases.Sample(testCase =>
        {
            var (file, mutations) = testCase;
            using var fixture = new InventoryFixture();
            var path = Path.Combine(fixture.Root, Files[file]);
            var content = mutations.Aggregate(File.ReadAllBytes(path), Mutate);
            File.WriteAllBytes(path, content);
            try
            {
                CompileAndRender(fixture.Root);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.IAssertionException)
            {
                SaveRegression(Files[file], content);
                throw;
            }
        }, iter: Iterations, threads: 2, print: c => $"{Files[c.File]}: {string.Join(", ", c.Mutations.Select(m => m.ToString()))}");
    }

    private static void SaveRegression(string file, byte[] content)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        var target = Repo.Path("tests", "Hostile", "regressions", name, "overlay", file);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, content);
    }

    public static TheoryData<string> Regressions()
    {
        var root = Repo.Path("tests", "Hostile", "regressions");
        return [.. Directory.EnumerateDirectories(root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Regressions))]
    public void Should_Give_Diagnostics_For_A_Saved_Fuzzing_Regression(string name)
    {
        using var fixture = new InventoryFixture();
        fixture.ApplyCase(Repo.Path("tests", "Hostile", "regressions", name));
        CompileAndRender(fixture.Root);
        Assert.NotEmpty(fixture.Compile().Diagnostics);
    }
}
