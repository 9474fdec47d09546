using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Dns;

/// <summary>
/// out/dns/&lt;domain&gt;.zone (BIND) and out/dns/dnsmasq.conf with the same names: every host at its
/// address, every service host name at the gateway's host, every present user's VM (&lt;user&gt;-ws)
/// at its ledger address. One line per name, so adding a user adds one line to each file (and
/// changes the zone's serial).
/// </summary>
public sealed class DnsTarget : ITarget
{
    /// <summary>The name server's own label in the zone (at platform.network.dns[0]).</summary>
    public const string NameServer = "ns1";

    public string Name => "dns";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var records = Records(model);
        var sources = new List<string> { Source.Platform, Source.Ledger };
        sources.AddRange(model.Hosts.Select(h => Source.Host(h.Name)));
        sources.AddRange(model.Services.Select(s => Source.Service(s.Name)));
        sources.AddRange(model.PresentUsers.Select(u => Source.User(u.Name)));

        var view = new DnsView(model.Platform.Domain, Serial(model.Platform.Domain, records), NameServer, records);
        output.Add(context.Templates.RenderFile($"dns/{model.Platform.Domain}.zone", "dns/zone.sbn", view, sources));
        output.Add(context.Templates.RenderFile("dns/dnsmasq.conf", "dns/dnsmasq.conf.sbn", view, sources));
    }

    /// <summary>Every A record, grouped (name server, hosts, services, VMs) and sorted by name inside each group.</summary>
    public static IReadOnlyList<DnsRecord> Records(PlatformModel model)
    {
        var records = new List<DnsRecord>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        void Add(string label, string? address, string group)
        {
            if (address is not null && taken.Add(label))
            {
                records.Add(new DnsRecord(label, model.Fqdn(label), address, group));
            }
        }

        var hosts = model.Hosts.Select(h => (h.Name, Address: AddressOf(h))).Where(h => h.Address is not null).ToList();
        if (!hosts.Any(h => h.Name == NameServer) && !model.HasService(NameServer) && model.Platform.Network.Dns.Length > 0)
        {
            Add(NameServer, model.Platform.Network.Dns[0], "name server");
        }

        foreach (var (name, address) in hosts.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            Add(name, address, "hosts");
        }

        var gateway = model.Service(ServiceEndpoints.GatewayName(model));
        var gatewayAddress = gateway is null ? null : AddressOf(model.Host(gateway.HostName));
        foreach (var service in model.Services)
        {
            Add(service.Name, gatewayAddress, "services (at the gateway)");
        }

        foreach (var user in model.PresentUsers.Where(u => u.Allocation is not null))
        {
            Add(user.VmName, user.Allocation!.Address, "user VMs");
        }

        return records;
    }

    /// <summary>A host's address; a Kubernetes cluster's is the address of its API endpoint when that is an IP literal.</summary>
    public static string? AddressOf(HostModel host)
    {
        if (host.Address is not null)
        {
            return host.Address;
        }

        return host.Api is not null && Uri.TryCreate(host.Api, UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.IPv4
            ? uri.Host
            : null;
    }

    /// <summary>
    /// The SOA serial: the first 32 bits of SHA-256 over the zone's records, so the same records give
    /// the same serial and any change gives (almost surely) another one, without dates or counters.
    /// It does not increase monotonically: secondaries that compare serials must be reloaded (or use
    /// dnsmasq.conf, which has no serial).
    /// </summary>
    public static uint Serial(string domain, IEnumerable<DnsRecord> records)
    {
        var text = new StringBuilder(domain).Append('\n');
        foreach (var record in records)
        {
            text.Append(record.Label).Append(' ').Append(record.Address).Append('\n');
        }

        var serial = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return serial == 0 ? 1 : serial;
    }
}

public sealed record DnsRecord(string Label, string Fqdn, string Address, string Group);

public sealed record DnsView(string Domain, uint Serial, string NameServer, IReadOnlyList<DnsRecord> Records)
{
    public string SerialText => Serial.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> Groups => [.. Records.Select(r => r.Group).Distinct()];
}
