using System.Xml;
using System.Xml.Linq;
using Werkbank.Targets.Guacamole;

namespace Werkbank.Audit;

/// <summary>Guacamole: exactly the connected users, one connection each, to their own VM and nobody else's.</summary>
internal static class GuacamoleAudit
{
    public static void Check(Model.PlatformModel model, string text, Findings findings)
    {
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        var document = XDocument.Load(reader);
        var authorizations = document.Root?.Elements("authorize").ToList() ?? [];
        var expected = GuacamoleTarget.Connected(model).ToList();
        findings.CompareSets("users", "a Guacamole login to", expected.Select(u => u.Name), authorizations.Select(a => (string?)a.Attribute("username") ?? string.Empty));
        foreach (var authorize in authorizations)
        {
            var name = (string?)authorize.Attribute("username") ?? string.Empty;
            var subject = AccessAudit.Subject(name, "guacamole");
            var connections = authorize.Elements("connection").ToList();
            var password = (string?)authorize.Attribute("password") ?? string.Empty;
            if (password.Length > 0 && !(password.StartsWith("${", StringComparison.Ordinal) && password.EndsWith('}')))
            {
                findings.Add(subject, "has a literal password; only ${...} placeholders belong in out/");
            }

            if (connections.Count != 1)
            {
                findings.Add(subject, $"has {connections.Count} connections, every user has exactly one (their own VM)");
            }

            foreach (var connection in connections)
            {
                var host = connection.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == "hostname")?.Value;
                var own = model.Fqdn($"{name}-ws");
                if (host != own)
                {
                    findings.Add(subject, $"connects to '{host}', not to the user's own VM '{own}'");
                }
            }
        }
    }
}
