using System.Security.Cryptography;

namespace Werkbank.Model;

/// <summary>One PEM block of a text: its label (CERTIFICATE, ...), its base64 body and the block as written.</summary>
public sealed record PemBlock(string Label, string Base64, string Text)
{
    /// <summary>The blocks of <paramref name="text"/> in order, and whatever follows the last one (trimmed).</summary>
    public static (IReadOnlyList<PemBlock> Blocks, string After) Split(string text)
    {
        var blocks = new List<PemBlock>();
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            blocks.Add(new PemBlock(rest[fields.Label].ToString(), rest[fields.Base64Data].ToString(), rest[fields.Location].ToString()));
            rest = rest[fields.Location.End..];
        }

        return (blocks, rest.Trim().ToString());
    }
}
