using System.Text.RegularExpressions;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.GitOps;

/// <summary>
/// .ci/deploy-dns, which apply:dns runs, with ssh and rsync replaced by recorders (no name server can be
/// reached here): the server is ns1 of the rendered zone, the file goes beside the live one, and the
/// server's own checker must pass before it replaces it and the server reloads.
/// </summary>
public sealed class DeployDnsTests
{
    [Fact]
    public void Should_Check_The_Zone_On_The_Name_Server_Before_It_Replaces_The_Live_One()
    {
        using var run = new FakeServer();

        var result = run.Deploy("bind");

        Assert.True(result.ExitCode == 0, result.Output);
        var (domain, address) = NameServer();
        Assert.Contains($"rsync --checksum --chmod=F644 out/dns/{domain}.zone {address}:/var/lib/bind/{domain}.zone.werkbank-new", run.Log, StringComparison.Ordinal);
        Assert.Contains($"ssh {address} named-checkzone '{domain}' '/var/lib/bind/{domain}.zone.werkbank-new' && mv '/var/lib/bind/{domain}.zone.werkbank-new' '/var/lib/bind/{domain}.zone' && rndc reload '{domain}'", run.Log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2949182467", 2949182468L)]
    [InlineData("17", 18L)]
    [InlineData("4294967295", 1L)] // RFC 1982: 1 follows 2^32 - 1 (0 is skipped)
    [InlineData("0019", 20L)] // written by hand with leading zeros: not octal
    public void Should_Raise_The_Live_Serial_When_The_Records_Changed(string live, long expected)
    {
        using var run = new FakeServer();
        var (domain, _) = NameServer();
        // ns1 serves an older zone: one record fewer than the rendered one.
        var rendered = File.ReadAllText(Repo.Path("out", "dns", $"{domain}.zone"));
        var older = Regex.Replace(rendered, @"\( \d+ ", $"( {live} ").Replace("\nns1 IN A", "\n; gone\nns1 IN A", StringComparison.Ordinal);
        older = string.Join("\n", older.Split('\n').Where(l => !l.StartsWith("gpu-01 ", StringComparison.Ordinal)));
        run.LiveZone(older);

        var result = run.Deploy("bind");

        Assert.True(result.ExitCode == 0, result.Output);
        var uploaded = run.Uploaded();
        var raised = Regex.Replace(rendered, @"\( \d+ ", $"( {expected} ").Replace(
            "; The serial is the first 32 bits of SHA-256 over the records below: same records, same serial.",
            "; The serial: the one ns1 served before + 1, set by apply:dns (.ci/deploy-dns).", StringComparison.Ordinal);
        Assert.Equal(raised, uploaded);
        Assert.Contains("rndc reload", run.Log, StringComparison.Ordinal);

        // The name server's own checker loads it with that serial.
        var checker = ExternalTool.Require("named-checkzone", "apt-get install bind9-utils");
        var file = run.Write("uploaded.zone", uploaded);
        var check = ExternalTool.Run(checker, [domain, file]);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"loaded serial {expected}", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Leave_The_Name_Server_Alone_When_It_Has_The_Records_Already()
    {
        using var run = new FakeServer();
        var (domain, _) = NameServer();
        // What an earlier run put there: the same records, its own serial and comment.
        var live = Regex.Replace(File.ReadAllText(Repo.Path("out", "dns", $"{domain}.zone")), @"\( \d+ ", "( 4711 ");
        run.LiveZone(Regex.Replace(live, "^; The serial is .*$", "; The serial: the one ns1 served before + 1, set by apply:dns (.ci/deploy-dns).", RegexOptions.Multiline));

        var result = run.Deploy("bind");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("ns1 has these records already (serial 4711)", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("rsync", run.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("rndc", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Stop_When_The_Live_Zone_Has_No_Serial_It_Can_Raise()
    {
        using var run = new FakeServer();
        run.LiveZone("$ORIGIN example.\n@ IN SOA ns1 hostmaster (\n  1 3600 600 604800 300 )\n");

        var result = run.Deploy("bind");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no one-line SOA with a serial", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("rsync", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Test_The_Dnsmasq_Configuration_Before_It_Restarts_Dnsmasq()
    {
        using var run = new FakeServer();

        var result = run.Deploy("dnsmasq");

        Assert.True(result.ExitCode == 0, result.Output);
        var (_, address) = NameServer();
        Assert.Contains($"rsync --checksum --chmod=F644 out/dns/dnsmasq.conf {address}:/tmp/werkbank-dnsmasq.conf", run.Log, StringComparison.Ordinal);
        Assert.Contains($"ssh {address} dnsmasq --test --conf-file=/tmp/werkbank-dnsmasq.conf && mv /tmp/werkbank-dnsmasq.conf /etc/dnsmasq.d/werkbank.conf && systemctl restart dnsmasq", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_A_Server_Kind_It_Does_Not_Know()
    {
        using var run = new FakeServer();

        var result = run.Deploy("unbound");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bind or dnsmasq", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Log);
    }

    /// <summary>The zone's domain and its ns1 address, read from the committed out/.</summary>
    private static (string Domain, string Address) NameServer()
    {
        var zone = Directory.GetFiles(Repo.Path("out", "dns"), "*.zone").Single();
        var address = Regex.Match(File.ReadAllText(zone), @"^ns1 IN A (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEqual(string.Empty, address);
        return (Path.GetFileNameWithoutExtension(zone), address);
    }

    private sealed class FakeServer : IDisposable
    {
        private readonly FakeCommands commands = new();

        public FakeServer()
        {
            // ssh prints the live zone when asked for it (none unless a test sets one); rsync keeps what it uploads.
            commands.Add("ssh", "case \"$*\" in *' cat '*) cat \"$FAKE_LIVE_ZONE\" 2>/dev/null || true ;; esac");
            commands.Add("rsync", "cp \"$3\" \"$FAKE_UPLOADED\"");
            commands.Environment["DNS_SSH_KEY"] = commands.KeyFile;
            commands.Environment["FAKE_LIVE_ZONE"] = commands.Combine("live.zone");
            commands.Environment["FAKE_UPLOADED"] = commands.Combine("uploaded");
        }

        public string Log => commands.Log;

        public void LiveZone(string text) => File.WriteAllText(commands.Combine("live.zone"), text);

        public string Uploaded() => commands.Read("uploaded");

        public string Write(string name, string text)
        {
            File.WriteAllText(commands.Combine(name), text);
            return commands.Combine(name);
        }

        public ExternalTool.Result Deploy(string kind)
        {
            commands.Environment["DNS_SERVER"] = kind;
            return ExternalTool.Run("sh", [Repo.Path(".ci", "deploy-dns")], environment: commands.Environment);
        }

        public void Dispose() => commands.Dispose();
    }
}
