using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Werkbank.Apply.Qdrant;
using Werkbank.Targets.Qdrant;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Apply.Qdrant;

public sealed class QdrantKeysTests
{
    [Fact]
    public void Should_Sign_The_Plans_Claims_With_The_Api_Key()
    {
        var plan = QdrantPlan.FromJson(TestRender.ExampleFiles().Single(f => f.Path == QdrantPlan.Path).ContentAsText);
        var key = plan.Access.Single(a => a.Team == "support").Keys.Single(k => k.CredentialName == "qdrant-support-read");

        var jwt = QdrantKeys.Mint(key.Claims, "secret-api-key");

        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        var expected = HMACSHA256.HashData("secret-api-key"u8, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        Assert.Equal(expected, Decode(parts[2]));
        Assert.Equal("HS256", JsonNode.Parse(Decode(parts[0]))!["alg"]!.GetValue<string>());
        var access = JsonNode.Parse(Decode(parts[1]))!["access"]!.AsArray();
        Assert.Equal(["support-kb:r", "support-tickets:r"], access.Select(a => $"{a!["collection"]}:{a["access"]}"));
        Assert.StartsWith("QDRANT_JWT_SUPPORT_READ=" + jwt + "\n", QdrantKeys.DotEnv(plan with { Access = [plan.Access.Single(a => a.Team == "support")] }, "secret-api-key"), StringComparison.Ordinal);
    }

    private static byte[] Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
