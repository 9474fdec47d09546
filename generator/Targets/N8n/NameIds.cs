using System.Security.Cryptography;
using System.Text;

namespace Werkbank.Targets.N8n;

/// <summary>Ids derived from names (never random), so that every render gives the same bytes.</summary>
public static class NameIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>An RFC 9562 version 8 UUID from the SHA-256 of <paramref name="name"/>.</summary>
    public static string Uuid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(hash, 0, 16);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
    }

    /// <summary>A 16-character alphanumeric id like the ones n8n gives workflows and credentials.</summary>
    public static string Short(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return new string([.. hash.Take(16).Select(b => Alphabet[b % Alphabet.Length])]);
    }
}
