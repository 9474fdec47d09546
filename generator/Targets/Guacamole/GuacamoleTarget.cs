using System.Text;
using System.Xml;
using System.Xml.Linq;
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
        var root = new XElement("user-mapping", users.Select(u => Authorize(model, u)));
        var document = new XDocument(
            new XComment(" Guacamole user mapping, rendered by Werkbank from the inventory: do not edit. One connection per user: their own VM. "),
            root);
        var sources = users.Select(u => Source.User(u.Name)).Append(Source.Service(ServiceCatalog.VmDoor)).Append(Source.Platform);
        output.Add(OutputFile.Text(Path, Serialize(document), sources));
    }

    /// <summary>Who gets a connection: active users whose access to guacamole is above none, with a VM.</summary>
    public static IEnumerable<UserModel> Connected(PlatformModel model) =>
        model.ActiveUsers.Where(u => u.LevelFor(ServiceCatalog.VmDoor) != AccessLevel.None).OrderBy(u => u.Name, StringComparer.Ordinal);

    public static string PasswordPlaceholder(string user) => $"${{GUACAMOLE_PASSWORD_{AccessNames.EnvName(user)}}}";

    private static XElement Authorize(PlatformModel model, UserModel user) =>
        new("authorize",
            new XAttribute("username", user.Name),
            new XAttribute("password", PasswordPlaceholder(user.Name)),
            new XElement("connection",
                new XAttribute("name", $"{user.VmName} ({user.FullName})"),
                new XElement("protocol", "rdp"),
                Param("hostname", model.Fqdn(user.VmName)),
                Param("port", "3389"),
                Param("username", user.Name),
                Param("security", "any"),
                Param("ignore-cert", "true"),
                Param("resize-method", "display-update")));

    private static XElement Param(string name, string value) => new("param", new XAttribute("name", name), value);

    private static StringBuilder Serialize(XDocument document)
    {
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture), settings))
        {
            document.Save(writer);
        }

        // StringWriter reports UTF-16; the file is UTF-8.
        return builder.Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"").Append('\n');
    }
}
