using System.Text;

namespace Werkbank.Output;

/// <summary>
/// A large text file built piece by piece, encoded as UTF-8 into native memory as it grows
/// (<see cref="RenderedBytes.Writer"/>): the file never exists as one string or one large builder on the
/// GC heap. Callers append to <see cref="Builder"/> as to any StringBuilder (so the escaping helpers that
/// append to one work unchanged) and call <see cref="Spill"/> between records; <see cref="OutputFile.Text(string, RenderedText, IEnumerable{string})"/>
/// makes the file, exactly as <see cref="OutputFile.Text(string, string, IEnumerable{string})"/> makes it from the whole string.
/// At 10,000 users the access matrix (~11 MB of CSV) and the Guacamole mapping (~4.5 MB) were ~60 MB
/// of builder chunks and copies, a tenth of everything a render allocated.
/// </summary>
internal sealed class RenderedText
{
    private const int SpillAt = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly RenderedBytes.Writer bytes = new();

    // One encoder for the whole file, never flushed before the end: a surrogate pair split between two
    // spills encodes as the pair it is, as it would from one string.
    private readonly Encoder encoder = Utf8.GetEncoder();

    /// <summary>Where the text goes; it is emptied by <see cref="Spill"/>, so it stays small.</summary>
    public StringBuilder Builder { get; } = new(2 * SpillAt);

    /// <summary>Encodes what the builder holds once it holds a fair amount (call it between records).</summary>
    public void Spill()
    {
        if (Builder.Length >= SpillAt)
        {
            Encode(flush: false);
        }
    }

    /// <summary>
    /// The encoded text with line endings normalized (CRLF to LF) and exactly one final newline, as
    /// <see cref="OutputFile.Text(string, string, IEnumerable{string})"/> writes text; nothing can be appended after
    /// (the writer refuses: <see cref="ObjectDisposedException"/>).
    /// </summary>
    internal Memory<byte> Finish()
    {
        Encode(flush: true);

        // CR and LF are single bytes in UTF-8 and never part of a longer sequence: normalized byte-wise, in place.
        var text = bytes.WrittenSpan;
        var length = text.IndexOf((byte)'\r') < 0 ? text.Length : RemoveCrBeforeLf(text);
        while (length > 0 && text[length - 1] == (byte)'\n')
        {
            length--;
        }

        bytes.Truncate(length);
        bytes.GetSpan(1)[0] = (byte)'\n';
        bytes.Advance(1);
        return bytes.Written;
    }

    private void Encode(bool flush)
    {
        foreach (var chunk in Builder.GetChunks())
        {
            Encode(chunk.Span, flush: false);
        }

        if (flush)
        {
            Encode([], flush: true);
        }

        Builder.Clear();
    }

    private void Encode(ReadOnlySpan<char> text, bool flush)
    {
        var span = bytes.GetSpan(Utf8.GetMaxByteCount(text.Length));
        bytes.Advance(encoder.GetBytes(text, span, flush));
    }

    /// <summary>Drops each CR that precedes an LF (as <c>Replace("\r\n", "\n")</c> does); returns the new length.</summary>
    private static int RemoveCrBeforeLf(Span<byte> text)
    {
        var kept = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'\r' || i + 1 == text.Length || text[i + 1] != (byte)'\n')
            {
                text[kept++] = text[i];
            }
        }

        return kept;
    }
}
