using System.Text;
using System.Xml;
using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Guacamole;

/// <summary>
/// out/guacamole/user-mapping.xml when guacamole is deployed: each active user who may use guacamole (every
/// role that does not say <c>guacamole: none</c>) gets exactly one connection, RDP to their own VM
/// (<c>&lt;user&gt;-ws.&lt;domain&gt;</c>), and so Guacamole opens it straight after login; nobody is
/// authorized for another user's VM. Passwords are ${...} placeholders only.
/// </summary>
public sealed class GuacamoleTarget : ITarget
{
    public const string Path = "guacamole/user-mapping.xml";

    public string Name => "guacamole";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (!model.HasService(ServiceCatalog.VmDoor))
        {
            return;
        }

        var users = Connected(model).ToList();
        var sources = users.Select(u => Source.User(u.Name)).Append(Source.Service(ServiceCatalog.VmDoor)).Append(Source.Platform);
        // Serialized: XmlWriter (conformance and character checks on, its defaults) writes well-formed XML or throws.
        output.Add(OutputFile.Serialized(Path, Serialize(model, users), sources));
    }

    /// <summary>Who gets a connection: active users whose access to guacamole is above none, with a VM.</summary>
    public static IEnumerable<UserModel> Connected(PlatformModel model) =>
        model.ActiveUsers.Where(u => u.LevelFor(ServiceCatalog.VmDoor) != AccessLevel.None).OrderBy(u => u.Name, StringComparer.Ordinal);

    public static string PasswordPlaceholder(string user) => $"${{GUACAMOLE_PASSWORD_{AccessNames.EnvName(user)}}}";

    /// <summary>
    /// The mapping, written element by element into native memory (<see cref="RenderedText"/>): ~4.5 MB at
    /// 10,000 users, where a document tree, its text and that text's copy were ~30 MB of allocations.
    /// </summary>
    private static RenderedText Serialize(PlatformModel model, IReadOnlyList<UserModel> users)
    {
        var rendered = new RenderedText();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false };
        using (var xml = XmlWriter.Create(new Utf8StringWriter(rendered.Builder), settings))
        {
            xml.WriteStartDocument();
            xml.WriteComment(" Guacamole user mapping, rendered by Werkbank from the inventory: do not edit. One connection per user: their own VM. ");
            xml.WriteStartElement("user-mapping");
            foreach (var user in users)
            {
                Authorize(xml, model, user);
                xml.Flush();
                rendered.Spill();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return rendered;
    }

    private static void Authorize(XmlWriter xml, PlatformModel model, UserModel user)
    {
        xml.WriteStartElement("authorize");
        xml.WriteAttributeString("username", user.Name);
        xml.WriteAttributeString("password", PasswordPlaceholder(user.Name));
        xml.WriteStartElement("connection");
        xml.WriteAttributeString("name", $"{user.VmName} ({user.FullName})");
        Element(xml, "protocol", attribute: null, "rdp");
        Element(xml, "param", "hostname", model.Fqdn(user.VmName));
        Element(xml, "param", "port", "3389");
        Element(xml, "param", "username", user.Name);
        Element(xml, "param", "security", "any");
        Element(xml, "param", "ignore-cert", "true");
        Element(xml, "param", "resize-method", "display-update");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>An element with text (and a name attribute), written as an XElement with text content is: never as an empty element.</summary>
    private static void Element(XmlWriter xml, string element, string? attribute, string value)
    {
        xml.WriteStartElement(element);
        if (attribute is not null)
        {
            xml.WriteAttributeString("name", attribute);
        }

        xml.WriteString(value);
        xml.WriteFullEndElement();
    }

    /// <summary>A StringWriter whose declared encoding is UTF-8, the file's encoding: the XML declaration says so.</summary>
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
