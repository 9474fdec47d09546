using System.Text;
using Werkbank.Diagnostics;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Inventory;

/// <summary>
/// Loader limits for broken or hostile files, each with the exact diagnostic (code, file, line, column).
/// The cases that fit in a small file are folders under tests/Diagnostics/; these need generated
/// content (megabytes, links, bytes git would normalize).
/// </summary>
public sealed class LoaderLimitTests
{
    private static string Bob => File.ReadAllText(Path.Combine(InventoryFixture.BasePath, "users", "bob.yaml"));

    private static void WriteBytes(InventoryFixture fixture, string relative, byte[] content) =>
        File.WriteAllBytes(Path.Combine(fixture.Root, relative), content);

    private static string Only(InventoryFixture fixture)
    {
        var lines = fixture.DiagnosticLines();
        Assert.True(lines.Count == 1, "expected one diagnostic, got:\n" + string.Join("\n", lines));
        return lines[0];
    }

    [Fact]
    public void Should_Refuse_A_File_Over_One_Mebibyte_Without_Reading_It()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob + "# " + new string('x', 1024 * 1024) + "\n");
        var line = Only(fixture);
        Assert.StartsWith("inventory/users/bob.yaml:1:1: error INV0901: file is ", line, StringComparison.Ordinal);
        Assert.EndsWith("inventory files may be at most 1048576 bytes", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_A_Value_Longer_Than_64_KiB_At_Its_Position()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob.Replace("full_name: Bob Example", "full_name: " + new string('a', 70_000), StringComparison.Ordinal));
        Assert.Equal("inventory/users/bob.yaml:1:12: error INV0905: a value of 70000 characters exceeds the limit of 65536", Only(fixture));
    }

    [Fact]
    public void Should_Refuse_A_Million_Small_Values_As_Too_Many_Nodes()
    {
        using var fixture = new InventoryFixture();
        var builder = new StringBuilder(Bob).Append("ssh_keys: [");
        for (var i = 0; i < 120_000; i++)
        {
            builder.Append("a,");
        }

        fixture.With("users/bob.yaml", builder.Append("a]\n").ToString());
        Assert.Contains(" error INV0904: the document expands to more than 100000 values", Only(fixture), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Stop_A_Billion_Laughs_Bomb_Before_Expanding_It()
    {
        // Nine levels of ten aliases: 10^9 strings if expanded; only 90 alias uses, under the alias limit.
        var bomb = new StringBuilder(Bob).Append("x:\n  l0: &a0 lol\n");
        for (var level = 1; level <= 9; level++)
        {
            bomb.Append($"  l{level}: &a{level} [").AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", 10)).Append("]\n");
        }

        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", bomb.ToString());
        var started = Environment.TickCount64;
        var line = Only(fixture);
        Assert.Contains(" error INV0904: ", line, StringComparison.Ordinal);
        Assert.StartsWith("inventory/users/bob.yaml:11:", line, StringComparison.Ordinal); // the level that crosses 100000
        Assert.True(Environment.TickCount64 - started < 60_000, "the bomb must not be expanded");
    }

    [Fact]
    public void Should_Report_A_Missing_Folder_As_Unreadable()
    {
        using var temp = new TempDir();
        var diagnostics = Werkbank.Pipeline.Compiler.Compile(temp.Combine("nowhere")).Diagnostics;
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("INV0013", diagnostic.Code);
        Assert.Contains("no such folder", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_A_Dangling_Link_Inside_The_Inventory_As_Unreadable()
    {
        using var fixture = new InventoryFixture();
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "users", "carol.yaml"), "carol-draft.yaml");
        var line = Only(fixture);
        Assert.StartsWith("inventory/users/carol.yaml:1:1: error INV0013: cannot read 'users/carol.yaml': ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_A_File_Link_Leaving_The_Inventory()
    {
        using var fixture = new InventoryFixture();
        using var outside = new TempDir();
        File.WriteAllText(outside.Combine("carol.yaml"), Bob.Replace("bob", "carol", StringComparison.Ordinal));
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "users", "carol.yaml"), outside.Combine("carol.yaml"));
        Assert.Equal($"inventory/users/carol.yaml:1:1: error INV0909: this path is a link to '{outside.Combine("carol.yaml")}', outside the inventory folder", Only(fixture));
    }

    [Fact]
    public void Should_Refuse_A_Relative_Link_To_Etc_Passwd()
    {
        using var fixture = new InventoryFixture();
        fixture.Without("hosts.yaml");
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "hosts.yaml"), "../../../../../../../../etc/passwd");
        Assert.Equal("inventory/hosts.yaml:1:1: error INV0909: this path is a link to '../../../../../../../../etc/passwd', outside the inventory folder", Only(fixture));
    }

    [Fact]
    public void Should_Refuse_A_Linked_Users_Folder_Outside_The_Inventory()
    {
        using var fixture = new InventoryFixture();
        using var outside = new TempDir();
        TempDir.CopyTree(Path.Combine(fixture.Root, "users"), outside.Combine("users"));
        fixture.Without("users");
        Directory.CreateSymbolicLink(Path.Combine(fixture.Root, "users"), outside.Combine("users"));
        var lines = fixture.DiagnosticLines();
        Assert.Contains($"inventory/users:1:1: error INV0909: this path is a link to '{outside.Combine("users")}', outside the inventory folder", lines);
    }

    [Fact]
    public void Should_Refuse_A_Link_Chain_Through_A_Linked_Folder_Inside_The_Inventory()
    {
        // users/carol.yaml -> ../shared/carol.yaml looks inside, but shared/ is itself a link out.
        using var fixture = new InventoryFixture();
        using var outside = new TempDir();
        File.WriteAllText(outside.Combine("carol.yaml"), Bob.Replace("bob", "carol", StringComparison.Ordinal));
        Directory.CreateSymbolicLink(Path.Combine(fixture.Root, "shared"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "users", "carol.yaml"), "../shared/carol.yaml");
        Assert.Equal("inventory/users/carol.yaml:1:1: error INV0909: this path is a link to '../shared/carol.yaml', outside the inventory folder", Only(fixture));
    }

    [Fact]
    public void Should_Accept_A_Link_That_Stays_Inside_The_Inventory()
    {
        using var fixture = new InventoryFixture();
        Directory.CreateDirectory(Path.Combine(fixture.Root, "drafts"));
        File.Move(Path.Combine(fixture.Root, "users", "bob.yaml"), Path.Combine(fixture.Root, "drafts", "bob.yaml"));
        File.CreateSymbolicLink(Path.Combine(fixture.Root, "users", "bob.yaml"), "../drafts/bob.yaml");
        Assert.Empty(fixture.DiagnosticLines());
    }

    [Fact]
    public void Should_Report_A_Folder_Where_A_File_Is_Expected()
    {
        using var fixture = new InventoryFixture();
        fixture.Without("roles.yaml");
        Directory.CreateDirectory(Path.Combine(fixture.Root, "roles.yaml"));
        Assert.Contains("inventory/roles.yaml:1:1: error INV0008: unexpected file 'roles.yaml': a folder stands where a file is expected", fixture.DiagnosticLines());
    }

    [Fact]
    public void Should_Skip_A_Byte_Order_Mark_And_Keep_Positions()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", [.. "\uFEFF"u8.ToArray(), .. Encoding.UTF8.GetBytes(Bob.Replace("developer", "devloper", StringComparison.Ordinal))]);
        Assert.Equal("inventory/users/bob.yaml:3:7: error INV0102: unknown role 'devloper' (did you mean 'developer'?)", Only(fixture));
    }

    [Fact]
    public void Should_Count_Lines_Right_With_Crlf_Line_Ends()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", Encoding.UTF8.GetBytes(Bob.Replace("[alpha]", "[alpah]", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal("inventory/users/bob.yaml:4:9: error INV0103: unknown team 'alpah' (did you mean 'alpha'?)", Only(fixture));
    }

    [Fact]
    public void Should_Count_Lines_Right_With_Old_Mac_Line_Ends()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", Encoding.UTF8.GetBytes(Bob.Replace("[alpha]", "[alpah]", StringComparison.Ordinal).Replace("\n", "\r", StringComparison.Ordinal)));
        Assert.Equal("inventory/users/bob.yaml:4:9: error INV0103: unknown team 'alpah' (did you mean 'alpha'?)", Only(fixture));
    }

    [Fact]
    public void Should_Point_At_A_Nul_Byte_In_A_Binary_File()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", [.. "full_name: Bob\nemail: \0\0"u8.ToArray()]);
        Assert.Equal("inventory/users/bob.yaml:2:8: error INV0902: file is not UTF-8 text: it contains NUL bytes (a binary file?)", Only(fixture));
    }

    [Fact]
    public void Should_Point_At_The_Column_Of_An_Invalid_Byte_After_Multibyte_Characters()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", [.. "full_name: Bob\nemail: \u00e9\u00e9"u8.ToArray(), 0xC3, 0x28]);
        Assert.Equal("inventory/users/bob.yaml:2:10: error INV0902: file is not UTF-8 text: invalid byte 0xC3 (saved as Latin-1 or Windows-1252?)", Only(fixture));
    }

    [Fact]
    public void Should_Refuse_Utf16_Files()
    {
        using var fixture = new InventoryFixture();
        WriteBytes(fixture, "users/bob.yaml", Encoding.Unicode.GetBytes(Bob));
        Assert.Contains(" error INV0902: ", Only(fixture), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Report_An_Empty_File_And_A_Whitespace_File_As_Empty()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", string.Empty).With("teams/beta.yaml", "  \n\n   \n");
        Assert.Equal(
            ["inventory/teams/beta.yaml:1:1: error INV0009: 'teams/beta.yaml' is empty", "inventory/users/bob.yaml:1:1: error INV0009: 'users/bob.yaml' is empty"],
            fixture.DiagnosticLines());
    }

    [Fact]
    public void Should_Report_The_Second_Of_Many_Documents_Once()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob + string.Concat(Enumerable.Repeat("---\nfull_name: Mallory\n", 5000)));
        Assert.Equal("inventory/users/bob.yaml:5:1: error INV0906: the file holds more than one YAML document", Only(fixture));
    }

    [Fact]
    public void Should_Report_Both_Duplicate_Keys_Of_A_Nested_Mapping()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob + "vm:\n  flavor: small\n  flavor: small\n");
        Assert.Equal("inventory/users/bob.yaml:7:3: error INV0002: duplicate key 'flavor'", Only(fixture));
    }

    [Fact]
    public void Should_Report_A_Duplicate_Key_Of_A_Large_Mapping()
    {
        // Small mappings are checked pair by pair, larger ones with a set: both report it once, at the repeat.
        var keys = string.Concat(Enumerable.Range(0, 20).Select(i => $"  extra{i}: 1\n"));
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob + "vm:\n" + keys + "  extra3: 2\n");
        var duplicates = fixture.Errors().Where(e => e.Code == "INV0002").ToList();
        Assert.Equal([new SourceSpan("users/bob.yaml", 26, 3)], duplicates.Select(e => e.Span));
    }

    [Fact]
    public void Should_Take_The_First_Of_Repeated_Keys_Even_When_It_Is_Empty()
    {
        // `role:` with nothing after it is "not set"; the repeat is an error and does not stand in for it.
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob.Replace("role: developer", "role:\nrole: developer", StringComparison.Ordinal));
        var errors = fixture.Errors();
        Assert.Contains(errors, e => e.Code == "INV0002" && e.Span == new SourceSpan("users/bob.yaml", 4, 1));
        Assert.Contains(errors, e => e.Code == "INV0006" && e.Message.StartsWith("required key 'role' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Give_Yaml_Limits_As_Diagnostics_Not_Exceptions_For_Deep_Block_Nesting()
    {
        var deep = new StringBuilder(Bob).Append("vm:\n");
        for (var i = 1; i < 200; i++)
        {
            deep.Append(new string(' ', i * 2)).Append("k:\n");
        }

        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", deep.ToString());
        Assert.Contains(" error INV0903: nesting is deeper than 32 levels", Only(fixture), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Keep_Secrets_Out_Of_The_Message()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob + "ssh_keys:\n  - |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n    -----END OPENSSH PRIVATE KEY-----\n");
        var errors = fixture.Errors();
        Assert.Contains(errors, e => e.Code == "INV0913" && e.Span == new SourceSpan("users/bob.yaml", 7, 5));
        Assert.DoesNotContain(errors, e => e.Message.Contains("b3BlbnNzaC1rZXkt", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Print_A_Huge_Hostile_Value_Shortened_And_Without_Escape_Sequences()
    {
        using var fixture = new InventoryFixture();
        fixture.With("users/bob.yaml", Bob.Replace("role: developer", "role: \"\\e[2J\\e]0;pwned\\a" + new string('x', 50_000) + "\"", StringComparison.Ordinal));
        var line = Only(fixture);
        Assert.StartsWith("inventory/users/bob.yaml:3:7: error INV0102: unknown role '\\u001B[2J\\u001B]0;pwned\\u0007xxx", line, StringComparison.Ordinal);
        Assert.EndsWith("… (50029 characters)", line, StringComparison.Ordinal);
        Assert.True(line.Length < 600);
        Assert.DoesNotContain(line, char.IsControl);
    }
}
