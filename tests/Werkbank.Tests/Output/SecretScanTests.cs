using CsCheck;
using Werkbank.Output;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Writer;

/// <summary>The secret scanner: what it must find, what it must leave alone, and the rendered example tree.</summary>
public sealed class SecretScanTests
{
    public static TheoryData<string, string> Secrets() => new()
    {
        { "-----BEGIN OPENSSH PRIVATE KEY-----", "a private key block" },
        { "key: \"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\"", "a private key block" },
        { "-----BEGIN PGP PRIVATE KEY BLOCK-----", "a private key block" },
        { "GITLAB_TOKEN=glpat-Xy7zQ9vK2mN4pR6sT8uW0aB", "a GitLab access token (glpat-...)" },
        { "token: ghp_16C7e42F292c6912E7710c838347Ae178B4a", "a GitHub token (ghp_...)" },
        { "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "a GitHub token (ghp_...)" },
        { "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "an AWS access key id (AKIA...)" },
        { "\"slack\": \"xoxb-263594206564-FGqddMF8t08v8N7Oq4i57vs1\"", "a Slack token (xox.-...)" },
        { "OPENAI_API_KEY=sk-proj-4fG7hJ9kL2mN5pQ8rS1tU3vW6xY0zA", "an API key (sk-...)" },
        { "x-api-key: sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345", "an API key (sk-...)" },
        { "AIzaSyA1234567890abcdefghijklmnopqrstuv", "a Google API key (AIza...)" },
        { "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlc2lnbmF0dXJl", "a JSON Web Token (eyJ...)" },
        { "DB_PASSWORD=Sup3rS3cret", "a literal value for 'DB_PASSWORD'" },
        { "  \"client_secret\": \"9f8e7d6c5b4a3210\",", "a literal value for 'client_secret'" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Should_Find_A_Secret_Shaped_String(string line, string kind)
    {
        var finding = Assert.Single(SecretScan.Scan("first line\n" + line + "\n"));
        Assert.Equal(2, finding.Line);
        Assert.Equal(kind, finding.Kind);
    }

    public static TheoryData<string> Harmless() =>
    [
        "KEYCLOAK_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD}",
        "\"client_secret\": \"${KEYCLOAK_CLIENT_SECRET_OPEN_WEBUI}\"",
        "password: \"{{ vault_password }}\"",
        "\"token\": \"={{ $json.token }}\"",
        "token_url: https://keycloak.acme.internal/realms/acme/protocol/openid-connect/token",
        "password_file: /run/secrets/db_password",
        "password:",
        "secrets:",
        "  provider: ci-variables",
        "# Rotate the token: see the runbook",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPHEth/70iZrGUmI9Ia3ESYxacgHMudp9KYIXxBH7GPX alice@laptop",
        "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIDS6",
        "sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20",
        "task-runner-disk-ask-something-long-enough",
        "image: ghcr.io/open-webui/open-webui:v0.6.5",
    ];

    [Theory]
    [MemberData(nameof(Harmless))]
    public void Should_Leave_Placeholders_And_Ordinary_Text_Alone(string line) =>
        Assert.Empty(SecretScan.Scan(line));

    [Fact]
    public void Should_Find_Any_Literal_Value_Of_A_Secret_Key_In_An_Inventory()
    {
        Assert.Single(SecretScan.Scan("password: correcthorsebatterystaple\n", inventory: true));
        Assert.Empty(SecretScan.Scan("password: correcthorsebatterystaple\n"));
        Assert.Empty(SecretScan.Scan("description: keep the token: safe\n", inventory: true));
    }

    [Theory]
    [InlineData("api_\u212Aey: correcthorsebatterystaple\n")] // KELVIN SIGN, which IgnoreCase takes for k
    [InlineData("vms:\n  a:\n    vm_id: 1\n  b:\n    API_KEY: correcthorsebatterystaple\n")]
    public void Should_Find_A_Secret_Key_However_It_Is_Spelled(string text) =>
        Assert.Single(SecretScan.Scan(text, inventory: true));

    [Fact]
    public void Should_Find_No_Secret_In_The_Example_Inventory()
    {
        var findings = SecretScan.ScanTree(Repo.ExampleInventory);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void Should_Find_No_Secret_In_The_Rendered_Example()
    {
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, TestRender.ExampleFiles());
        var findings = SecretScan.ScanTree(temp.Path);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void Should_Find_No_Secret_In_The_Committed_Out_Folder()
    {
        var findings = SecretScan.ScanTree(Repo.Path("out"));
        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"out/{f.Path}:{f.Finding.Line}:{f.Finding.Column}: {f.Finding.Kind}")));
    }

    [Fact]
    public void Should_Report_The_Path_And_Position_In_A_Tree()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("a"));
        File.WriteAllText(temp.Combine("a", "env"), "OK=1\nTOKEN=glpat-Xy7zQ9vK2mN4pR6sT8uW0aB\n");
        var (path, finding) = Assert.Single(SecretScan.ScanTree(temp.Path));
        Assert.Equal(("a/env", 2, 7), (path, finding.Line, finding.Column));
    }

    /// <summary>
    /// The scanner runs each pattern once over the whole text; the law that makes that safe: a text's
    /// findings are its lines' findings (no pattern reaches across a line break), with the line numbers
    /// moved. Random texts mix secret-shaped lines, harmless ones and Windows line ends.
    /// </summary>
    [Fact]
    public void Should_Find_In_A_Text_What_It_Finds_In_Each_Line()
    {
        var secrets = Secrets().Select(row => row.Data.Item1).ToArray();
        var line = Gen.OneOf(
            Gen.OneOf<string>(secrets),
            Gen.OneOf<string>("name: alice", "", "  - ssh-ed25519 AAAA alice@laptop", "password: ${DB_PASSWORD}", "api_key:", "# token: see the vault", "  secret: hunter2 # no"),
            Gen.String[Gen.Char[' ', '~'], 0, 40]);
        var lines = line.Array[0, 12];
        foreach (var inventory in new[] { false, true })
        {
            Gen.Select(lines, Gen.Bool).Sample((parts, crlf) =>
            {
                var text = string.Join(crlf ? "\r\n" : "\n", parts);
                var expected = parts.SelectMany((part, i) => SecretScan.Scan(part, inventory).Select(f => f with { Line = i + 1 }));
                Assert.Equal(expected, SecretScan.Scan(text, inventory));
            }, iter: 1000, threads: 1);
        }
    }
}
