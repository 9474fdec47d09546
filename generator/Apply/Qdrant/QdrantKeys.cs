using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Werkbank.Output;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Apply.Qdrant;

/// <summary>
/// Mints the teams' Qdrant keys: JWTs (HS256, signed with the cluster's API key, as Qdrant's RBAC
/// expects) whose payload is the plan's claims. Written as a dotenv file (mode 600) that the
/// pipeline uses to fill the ${QDRANT_JWT_*} placeholders of out/n8n/credentials.json.
/// </summary>
public static class QdrantKeys
{
    private static readonly JsonSerializerOptions ClaimsJson = new(QdrantPlan.JsonOptions) { WriteIndented = false };

    public static string Mint(AccessClaims claims, string apiKey)
    {
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims, ClaimsJson.TypeInfo<AccessClaims>()));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>One line NAME=jwt per key of every team, sorted as in the plan.</summary>
    public static string DotEnv(QdrantPlan plan, string apiKey) =>
        string.Concat(plan.Access.SelectMany(a => a.Keys).Select(k => $"{k.Variable}={Mint(k.Claims, apiKey)}\n"));

    public static void Write(string path, QdrantPlan plan, string apiKey)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, new UTF8Encoding(false), options);
        writer.Write(DotEnv(plan, apiKey));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
