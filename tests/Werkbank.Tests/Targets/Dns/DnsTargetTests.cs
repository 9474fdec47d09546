using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Werkbank.Output;
using Werkbank.Targets.Dns;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Dns;

public sealed class DnsTargetTests
{
    private static OutputFile Zone(string inventory) => ServiceRenders.Matching(inventory, "dns/", ".zone").Single();

    private static OutputFile Dnsmasq(string inventory) => ServiceRenders.Files(inventory).Single(f => f.Path == "dns/dnsmasq.conf");

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Pass_Named_Checkzone(string inventory)
    {
        var checker = ExternalTool.Require("named-checkzone", "apt-get install bind9-utils");
        var zone = Zone(inventory);
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, [zone]);
        var domain = Path.GetFileNameWithoutExtension(zone.Path);
        var result = ExternalTool.Run(checker, ["-k", "fail", "-n", "fail", domain, temp.Combine(zone.Path)]);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("OK", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Pass_Dnsmasq_Syntax_Check(string inventory)
    {
        var dnsmasq = ExternalTool.Require("dnsmasq", "apt-get install dnsmasq-base");
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, [Dnsmasq(inventory)]);
        var result = ExternalTool.Run(dnsmasq, ["--test", $"--conf-file={temp.Combine("dns", "dnsmasq.conf")}"]);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Should_Resolve_A_Service_A_Vm_And_A_Host_Through_A_Real_Dnsmasq()
    {
        var dnsmasq = ExternalTool.Require("dnsmasq", "apt-get install dnsmasq-base");
        var dig = ExternalTool.Require("dig", "apt-get install bind9-dnsutils");
        using var temp = new TempDir();
        TestRender.WriteTo(temp.Path, [Dnsmasq("example")]);
        var port = FreeUdpPort();
        var info = new ProcessStartInfo(dnsmasq)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
                 {
                     "--no-daemon", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv",
                     "--pid-file", $"--conf-file={temp.Combine("dns", "dnsmasq.conf")}",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        try
        {
            var expected = new Dictionary<string, string>
            {
                ["open-webui.acme.internal"] = "10.41.0.21", // a service: at the gateway's host
                ["akowalska-ws.acme.internal"] = ZoneAddress("akowalska-ws"), // a VM: at its ledger address, as in the zone
                ["gpu-01.acme.internal"] = "10.41.0.22", // a host: at its own address
            };
            foreach (var (name, address) in expected)
            {
                Assert.Equal(address, Resolve(dig, port, name, process));
            }
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    [Fact]
    public void Should_Derive_The_Serial_From_The_Records_Only()
    {
        var records = new[] { new DnsRecord("a", "a.x", "10.0.0.1", "hosts"), new DnsRecord("b", "b.x", "10.0.0.2", "hosts") };
        Assert.Equal(DnsTarget.Serial("x", records), DnsTarget.Serial("x", [.. records]));
        Assert.NotEqual(DnsTarget.Serial("x", records), DnsTarget.Serial("x", records.Take(1)));
        Assert.NotEqual(DnsTarget.Serial("x", records), DnsTarget.Serial("y", records));
    }

    [Fact]
    public void Should_Point_Every_Service_At_The_Gateway_And_List_Every_Present_Vm()
    {
        var zone = Zone("example").ContentAsText;
        var build = TestRender.ExampleBuild();
        foreach (var service in build.Compilation.Model!.Services)
        {
            Assert.Contains($"\n{service.Name} IN A 10.41.0.21\n", zone, StringComparison.Ordinal);
        }

        foreach (var user in build.Compilation.Model.Users)
        {
            Assert.Equal(user.State != Werkbank.Model.UserState.Removed, zone.Contains($"\n{user.VmName} IN A ", StringComparison.Ordinal));
        }
    }

    private static string ZoneAddress(string label) =>
        Zone("example").ContentAsText.Split('\n').Single(l => l.StartsWith(label + " IN A ", StringComparison.Ordinal)).Split(' ')[^1];

    private static string Resolve(string dig, int port, string name, Process server)
    {
        // dnsmasq needs a moment to bind; retry until it answers (or exits).
        for (var attempt = 0; attempt < 50 && !server.HasExited; attempt++)
        {
            var result = ExternalTool.Run(dig, ["@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "+short", "+time=1", "+tries=1", name, "A"]);
            var answer = result.StdOut.Trim();
            if (result.ExitCode == 0 && answer.Length > 0)
            {
                return answer;
            }

            Thread.Sleep(100);
        }

        Assert.Fail($"dnsmasq did not answer for {name}: {server.StandardError.ReadToEnd()}");
        return string.Empty;
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
