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
            commands.Add("ssh");
            commands.Add("rsync");
            commands.Environment["DNS_SSH_KEY"] = commands.KeyFile;
        }

        public string Log => commands.Log;

        public ExternalTool.Result Deploy(string kind)
        {
            commands.Environment["DNS_SERVER"] = kind;
            return ExternalTool.Run("sh", [Repo.Path(".ci", "deploy-dns")], environment: commands.Environment);
        }

        public void Dispose() => commands.Dispose();
    }
}
