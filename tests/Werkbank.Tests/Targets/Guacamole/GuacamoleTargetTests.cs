using System.Xml.Linq;

namespace Werkbank.Tests.Targets.Guacamole;

public sealed class GuacamoleTargetTests
{
    private static XDocument Mapping() => XDocument.Parse(AccessFiles.Example("guacamole/user-mapping.xml"));

    [Fact]
    public void Should_Give_Each_Active_User_One_Connection_To_Their_Own_VM()
    {
        var users = Mapping().Root!.Elements("authorize").ToList();
        Assert.Equal(
            ["akowalska", "ejohansson", "jgross", "lmueller", "mrossi", "nobrien", "pnowak", "sdubois", "tvandenberg", "zangstrom"],
            users.Select(u => (string?)u.Attribute("username")));
        foreach (var user in users)
        {
            var connection = Assert.Single(user.Elements("connection"));
            Assert.Equal("rdp", connection.Element("protocol")!.Value);
            var host = connection.Elements("param").Single(p => (string?)p.Attribute("name") == "hostname").Value;
            Assert.Equal($"{(string?)user.Attribute("username")}-ws.acme.internal", host);
            Assert.Matches(@"^\$\{GUACAMOLE_PASSWORD_[A-Z0-9_]+\}$", (string?)user.Attribute("password"));
        }
    }

    [Fact]
    public void Should_Leave_Out_Suspended_Removed_And_Roles_Saying_None()
    {
        var names = Mapping().Root!.Elements("authorize").Select(u => (string?)u.Attribute("username")).ToList();
        Assert.DoesNotContain("ifernandez", names);
        Assert.DoesNotContain("hschmidt", names);

        // In the kong baseline, analysts say guacamole: none.
        var kong = XDocument.Parse(AccessFiles.KongExample("guacamole/user-mapping.xml"));
        Assert.Equal(["alice", "bob"], kong.Root!.Elements("authorize").Select(u => (string?)u.Attribute("username")));
    }
}
