using System.Diagnostics;
using System.Net.Sockets;
using Werkbank.Output;
using Werkbank.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets;

/// <summary>
/// The gateway's certificate and the internal CA (platform.tls), with real TLS: a CA and a certificate for
/// *.acme.internal as a company's PKI issues them, the example inventory with that CA, its render filled
/// the way apply:compose fills it (.ci/fill-placeholders), and an openssl server that presents what
/// Traefik's dynamic.yml then holds. The clients trust only what the render gives them: a VM the CA in
/// its cloud-init, oauth2-proxy its provider_ca_files, a Node service its NODE_EXTRA_CA_CERTS, each
/// file found through the container's bind mounts. Traefik itself does not run here: that it takes PEM
/// text where it takes a file is its documented FileOrContent behaviour.
/// </summary>
public sealed class GatewayTlsTests : IDisposable
{
    private const string Domain = "acme.internal";

    private readonly TempDir dir = new();
    private readonly string openssl = ExternalTool.Require("openssl");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Should_Serve_A_Certificate_That_Every_Vm_And_Service_Verifies()
    {
        var (ca, certificate, key) = IssueCertificates();
        var files = RenderWith(ca, langfuseOnDocker: true);
        var (gatewayCertificate, gatewayKey) = FilledGatewayCertificate(files, certificate, key);
        using var server = StartServer(gatewayCertificate, gatewayKey);

        // A VM trusts the CA that its cloud-init installs.
        var userData = ServiceRenders.Yaml(files.First(f => f.Path.StartsWith("cloud-init/", StringComparison.Ordinal) && f.Path.EndsWith("/user-data", StringComparison.Ordinal)));
        var trusted = ((YamlSequenceNode)userData.Map("ca_certs").Get("trusted")!).Children.Select(c => c.Text()).ToList();
        var vmCa = Write("vm-ca.pem", string.Concat(trusted));
        Assert.Equal(0, Verify(server.Port, $"ollama.{Domain}", vmCa).ExitCode);

        // oauth2-proxy trusts its provider_ca_files, which its compose service mounts from out/tls/.
        var (folder, containers) = ServiceRenders.ComposeWith(files, "oauth2-proxy");
        var proxy = containers["oauth2-proxy"];
        var config = GatewayWiringTests.Resolve(files, folder, proxy, "/etc/oauth2-proxy/oauth2-proxy.cfg").ContentAsText;
        var caPath = config.Split('\n').Single(l => l.StartsWith("provider_ca_files = [\"", StringComparison.Ordinal))["provider_ca_files = [\"".Length..^2];
        var proxyCa = Write("proxy-ca.pem", GatewayWiringTests.Resolve(files, folder, proxy, caPath).ContentAsText);
        Assert.Equal(0, Verify(server.Port, $"keycloak.{Domain}", proxyCa).ExitCode);

        // A CA that did not issue the gateway's certificate is refused: the checks above can fail.
        var (otherCa, _, _) = IssueCertificates("other");
        Assert.NotEqual(0, Verify(server.Port, $"keycloak.{Domain}", otherCa).ExitCode);
        Assert.NotEqual(0, Verify(server.Port, "keycloak.example.org", vmCa).ExitCode);
    }

    [Fact]
    public void Should_Let_A_Node_Service_Reach_Keycloak_Through_Node_Extra_Ca_Certs()
    {
        var node = ExternalTool.Require("node");
        var (ca, certificate, key) = IssueCertificates();
        var files = RenderWith(ca, langfuseOnDocker: true);
        var (gatewayCertificate, gatewayKey) = FilledGatewayCertificate(files, certificate, key);
        using var server = StartServer(gatewayCertificate, gatewayKey);

        var (folder, containers) = ServiceRenders.ComposeWith(files, "langfuse");
        var langfuse = containers["langfuse"];
        var extra = ((YamlMappingNode)langfuse.Get("environment")!).Get("NODE_EXTRA_CA_CERTS")?.Text();
        Assert.False(string.IsNullOrEmpty(extra), "langfuse (NextAuth, Node) calls Keycloak: it needs NODE_EXTRA_CA_CERTS");
        var mountedCa = Write("langfuse-ca.pem", GatewayWiringTests.Resolve(files, folder, langfuse, extra).ContentAsText);

        var script = $"require('https').get({{ host: '127.0.0.1', port: {server.Port}, servername: 'keycloak.{Domain}', path: '/' }}, " +
            "r => { console.log('status', r.statusCode); process.exit(0) }).on('error', e => { console.error(e.message); process.exit(3) })";
        var trusted = ExternalTool.Run(node, ["-e", script], environment: new Dictionary<string, string> { ["NODE_EXTRA_CA_CERTS"] = mountedCa });
        Assert.True(trusted.ExitCode == 0, trusted.Output);
        var untrusted = ExternalTool.Run(node, ["-e", script]);
        Assert.True(untrusted.ExitCode == 3, untrusted.Output); // Node's own roots do not know the internal CA
    }

    /// <summary>
    /// INV0406 and the compose recipes must agree: every web-login service the warning leaves out has a
    /// container that trusts the CA (mounts out/tls/) or fetches Keycloak's keys without TLS. Every catalog
    /// service runs under compose here, beside Keycloak.
    /// </summary>
    [Fact]
    public void Should_Warn_About_Every_Web_Login_That_Does_Not_Trust_The_Ca()
    {
        var (ca, _, _) = IssueCertificates();
        var inventory = dir.Combine("every-service");
        TempDir.CopyTree(ServiceRenders.Inventory("services-docker"), inventory);
        File.AppendAllText(Path.Combine(inventory, "platform.yaml"),
            "tls:\n  ca_certificate: |\n" + string.Concat(File.ReadAllLines(ca).Select(l => "    " + l + "\n")));
        var build = TestRender.Build(inventory);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        var warned = build.Diagnostics.Where(d => d.Code == "INV0406").Select(d => d.Message.Split('\'')[1]).ToHashSet(StringComparer.Ordinal);
        var (_, containers) = ServiceRenders.ComposeWith(build.Files, "keycloak");

        foreach (var service in Werkbank.Model.ServiceCatalog.WebLogin)
        {
            var own = containers.Where(c => c.Key == service || c.Key.StartsWith(service + "-", StringComparison.Ordinal)).Select(c => c.Value).ToList();
            Assert.NotEmpty(own);
            var trusts = own.Any(c => c.Strings("volumes").Any(v => v.StartsWith("../../tls", StringComparison.Ordinal))
                || (c.Get("environment") as YamlMappingNode)?.Get("OPENID_JWKS_ENDPOINT")?.Text().StartsWith("http://keycloak:", StringComparison.Ordinal) == true);
            Assert.True(trusts ^ warned.Contains(service), $"{service}: trusts the CA = {trusts}, warned (INV0406) = {warned.Contains(service)}");
        }
    }

    [Fact]
    public void Should_Leave_Out_Every_Ca_Setting_When_A_Public_Ca_Issued_The_Certificate()
    {
        var inventory = CopyExample(langfuseOnDocker: true);
        var platform = Path.Combine(inventory, "platform.yaml");
        var text = File.ReadAllText(platform);
        File.WriteAllText(platform, text[..text.IndexOf("tls:", StringComparison.Ordinal)]);
        var files = TestRender.BuildAndKeepLedger(inventory).Files;

        Assert.DoesNotContain(files, f => f.Path.StartsWith("tls/", StringComparison.Ordinal));
        Assert.All(files.Where(f => f.Path.StartsWith("compose/", StringComparison.Ordinal) || f.Path.StartsWith("cloud-init/", StringComparison.Ordinal) || f.Path == "traefik/oauth2-proxy.cfg"), f =>
        {
            Assert.DoesNotContain("/etc/werkbank/tls", f.ContentAsText, StringComparison.Ordinal);
            Assert.DoesNotContain("ca_certs", f.ContentAsText, StringComparison.Ordinal);
        });
        // The certificate itself still comes from the CI variables.
        Assert.Contains("${TLS_CERTIFICATE}", files.Single(f => f.Path == "traefik/dynamic.yml").ContentAsText, StringComparison.Ordinal);
    }

    /// <summary>A CA and, signed by it, a certificate and key for *.<see cref="Domain"/> (PEM files in the temp folder).</summary>
    private (string Ca, string Certificate, string Key) IssueCertificates(string name = "pki")
    {
        var folder = dir.Combine(name);
        Directory.CreateDirectory(folder);
        string File(string file) => Path.Combine(folder, file);
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
            "-keyout", File("ca.key"), "-out", File("ca.pem"), "-subj", $"/CN={name} test root CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        OpenSsl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", File("gateway.key"), "-out", File("gateway.csr"), "-subj", $"/CN=*.{Domain}");
        System.IO.File.WriteAllText(File("san.ext"), $"subjectAltName=DNS:*.{Domain}\nextendedKeyUsage=serverAuth\n");
        OpenSsl("x509", "-req", "-in", File("gateway.csr"), "-CA", File("ca.pem"), "-CAkey", File("ca.key"), "-CAcreateserial",
            "-days", "30", "-extfile", File("san.ext"), "-out", File("gateway.crt"));
        return (File("ca.pem"), File("gateway.crt"), File("gateway.key"));
    }

    private string CopyExample(bool langfuseOnDocker)
    {
        var inventory = dir.Combine("inventory");
        TempDir.CopyTree(Repo.ExampleInventory, inventory);
        if (langfuseOnDocker)
        {
            // Langfuse runs on Kubernetes in the example; on the docker host its compose service shows the Node wiring.
            var services = Path.Combine(inventory, "services.yaml");
            File.WriteAllText(services, File.ReadAllText(services).Replace("langfuse:   { on: k8s-core }", "langfuse:   { on: svc-01 }", StringComparison.Ordinal));
        }

        return inventory;
    }

    /// <summary>The example inventory with <paramref name="caFile"/> as platform.tls.ca_certificate, rendered.</summary>
    private List<OutputFile> RenderWith(string caFile, bool langfuseOnDocker)
    {
        var inventory = CopyExample(langfuseOnDocker);
        var platform = Path.Combine(inventory, "platform.yaml");
        var text = File.ReadAllText(platform);
        var start = text.IndexOf("    -----BEGIN CERTIFICATE-----", StringComparison.Ordinal);
        var end = text.IndexOf("-----END CERTIFICATE-----", start, StringComparison.Ordinal) + "-----END CERTIFICATE-----\n".Length;
        var pem = string.Concat(File.ReadAllLines(caFile).Select(l => "    " + l + "\n"));
        File.WriteAllText(platform, text[..start] + pem + text[end..]);
        return [.. TestRender.BuildAndKeepLedger(inventory).Files];
    }

    /// <summary>
    /// Fills out/traefik/dynamic.yml as apply:compose does, from CI variables that hold the PEM, and returns
    /// the certificate and key its tls section then holds (written to files), checking that both are kept.
    /// </summary>
    private (string Certificate, string Key) FilledGatewayCertificate(List<OutputFile> files, string certificate, string key)
    {
        var dynamic = Write("dynamic.yml", files.Single(f => f.Path == "traefik/dynamic.yml").ContentAsText);
        var environment = new Dictionary<string, string>
        {
            ["TLS_CERTIFICATE"] = File.ReadAllText(certificate),
            ["TLS_PRIVATE_KEY"] = File.ReadAllText(key),
        };
        var fill = ExternalTool.Run("sh", [Repo.Path(".ci", "fill-placeholders"), dynamic], environment: environment);
        Assert.True(fill.ExitCode == 0, fill.Output);

        var tls = ServiceRenders.Yaml(new OutputFile("dynamic.yml", File.ReadAllBytes(dynamic), [])).Map("tls");
        var entry = (YamlMappingNode)((YamlSequenceNode)tls.Get("certificates")!).Children.Single();
        var fallback = tls.Map("stores").Map("default").Map("defaultCertificate");
        Assert.Equal(environment["TLS_CERTIFICATE"], entry.Get("certFile")!.Text());
        Assert.Equal(environment["TLS_PRIVATE_KEY"], entry.Get("keyFile")!.Text());
        Assert.Equal(environment["TLS_CERTIFICATE"], fallback.Get("certFile")!.Text());
        return (Write("served.crt", entry.Get("certFile")!.Text()), Write("served.key", entry.Get("keyFile")!.Text()));
    }

    private string Write(string name, string text)
    {
        var path = dir.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    private void OpenSsl(params string[] arguments)
    {
        var result = ExternalTool.Run(openssl, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)}: {result.Output}");
    }

    /// <summary>A TLS handshake that verifies the server's chain against <paramref name="caFile"/> and its name against <paramref name="host"/>.</summary>
    private ExternalTool.Result Verify(int port, string host, string caFile) =>
        ExternalTool.Run(openssl, ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", host, "-verify_hostname", host,
            "-CAfile", caFile, "-verify_return_error", "-brief"], timeout: TimeSpan.FromSeconds(20));

    private Server StartServer(string certificate, string key)
    {
        var port = LoopbackPort.Free();
        var process = Process.Start(new ProcessStartInfo(openssl, ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", certificate, "-key", key, "-www", "-quiet"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return new Server(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private sealed record Server(Process Process, int Port) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
