using System.Buffers.Binary;
using System.Text;

namespace Werkbank.Validation;

/// <summary>
/// Parses an OpenSSH public key line: '&lt;type&gt; &lt;base64 blob&gt; [comment]'. The blob is decoded and
/// its embedded type must match the declared one, which catches truncated or pasted-wrong keys.
/// </summary>
public static class SshPublicKey
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    };

    /// <summary>Null when the key is well-formed, else why it is not.</summary>
    public static string? Problem(string line)
    {
        if (line.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return "this is a private key; paste the public key (the .pub file) and keep the private key secret";
        }

        if (line.Any(char.IsControl))
        {
            return "it contains a line break or control character";
        }

        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return "expected '<type> <base64> [comment]'";
        }

        if (!Types.Contains(parts[0]))
        {
            return $"unsupported key type '{(parts[0].Length > 40 ? parts[0][..40] : parts[0])}' (options before the key are not allowed either)";
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            return "the key data is not valid base64";
        }

        if (blob.Length < 4)
        {
            return "the key data is too short";
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (length > blob.Length - 4 || Encoding.ASCII.GetString(blob, 4, (int)length) != parts[0])
        {
            return $"the key data does not hold a {parts[0]} key";
        }

        var minimum = parts[0] switch
        {
            "ssh-ed25519" => 51,
            "ssh-rsa" => 270, // below 2048 bits
            _ => 40,
        };
        return blob.Length < minimum ? $"the {parts[0]} key data is truncated or too weak" : null;
    }
}
