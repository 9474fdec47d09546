using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>
/// An object whose long array is written straight into the file (<c>JsonText.File(path, head, name, items)</c>,
/// the realm's users) has the bytes of the same object built as nodes and written whole.
/// </summary>
public sealed class JsonTextTests
{
    [Fact]
    public void Should_Write_A_Head_And_A_Streamed_Array_As_The_Whole_Object()
    {
        var people = new (string Name, string? Email)[] { ("anna", "anna@example.com"), ("ünal \"q\"", null), ("zoë", "zoë@example.com") };
        JsonObject Head() => new()
        {
            ["realm"] = "acme",
            ["enabled"] = true,
            ["nothing"] = null,
            ["roles"] = new JsonObject { ["realm"] = new JsonArray("a", "b") },
        };

        var whole = Head();
        whole["users"] = new JsonArray([.. people.Select(p => (JsonNode)new JsonObject
        {
            ["username"] = p.Name,
            ["email"] = p.Email,
            ["groups"] = JsonText.Strings([p.Name, "all"]),
        })]);
        var streamed = JsonText.File("realm.json", Head(), "users", writer =>
        {
            foreach (var (name, email) in people)
            {
                writer.WriteStartObject();
                writer.WriteString("username", name);
                writer.WriteString("email", email); // null: the JSON null, as the node holding null
                JsonText.WriteStrings(writer, "groups", [name, "all"]);
                writer.WriteEndObject();
            }
        }, []);

        Assert.Equal(JsonText.File("realm.json", whole).ContentAsText, streamed.ContentAsText);
        Assert.Contains("\"email\": null", streamed.ContentAsText, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Refuse_A_Head_That_Already_Has_The_Array()
    {
        var head = new JsonObject { ["users"] = new JsonArray() };
        Assert.Throws<ArgumentException>(() => JsonText.File("realm.json", head, "users", _ => { }, []));
    }
}
