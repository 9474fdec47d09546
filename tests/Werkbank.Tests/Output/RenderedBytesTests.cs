using System.Text;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>
/// Rendered files' bytes live outside the GC heap (<see cref="RenderedBytes"/>): allocated from parallel
/// threads, no two files share a byte, and a file's bytes stay what they were encoded as while other
/// files are made, across chunks and for files larger than a chunk's share.
/// </summary>
public sealed class RenderedBytesTests
{
    [Fact]
    public void Should_Give_Every_File_Bytes_Of_Its_Own()
    {
        // Sizes around the chunk's limits: small ones fill chunks, the largest get chunks of their own.
        static string TextOf(int i) => new((char)('a' + (i % 26)), (i * 7919 % 200_000) + 1);

        var files = new OutputFile[4000];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            files[i] = i % 2 == 0 ? OutputFile.Text($"f{i}", TextOf(i)) : OutputFile.Text($"f{i}", new StringBuilder(TextOf(i))));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.All(Enumerable.Range(0, files.Length), i =>
            Assert.True(files[i].Bytes.Span.SequenceEqual(Encoding.UTF8.GetBytes(TextOf(i) + "\n")), $"file {i}"));
        Assert.Equal(files[1].Content, files[1].Bytes.ToArray());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(files[3].Content)), files[3].Sha256);
    }

    [Fact]
    public void Should_Hand_Out_Memory_That_Does_Not_Overlap()
    {
        var pieces = new Memory<byte>[20_000];
        Parallel.For(0, pieces.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            pieces[i] = RenderedBytes.Allocate((i % 300) + 1);
            pieces[i].Span.Fill((byte)(i % 251));
        });

        Assert.All(Enumerable.Range(0, pieces.Length), i =>
        {
            Assert.Equal((i % 300) + 1, pieces[i].Length);
            Assert.True(pieces[i].Span.IndexOfAnyExcept((byte)(i % 251)) < 0, $"piece {i} was overwritten");
        });
    }

    [Fact]
    public void Should_Keep_What_A_Serializer_Wrote_As_It_Grew()
    {
        // Written in pieces of every size through the buffer-writer contract, as Utf8JsonWriter does:
        // the buffer moves as it grows past its first 64 KiB, and what was written before must move with it.
        var writer = new RenderedBytes.Writer();
        var expected = new List<byte>();
        for (var i = 0; i < 3000; i++)
        {
            var length = (i * 7919 % 500) + 1;
            var span = writer.GetSpan(length);
            Assert.True(span.Length >= length);
            span[..length].Fill((byte)(i % 251));
            writer.Advance(length);
            expected.AddRange(Enumerable.Repeat((byte)(i % 251), length));
        }

        var file = OutputFile.Serialized("big.json", writer);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.True(expected.Count > 64 * 1024 * 4, "the test must make the buffer grow several times");
        Assert.Equal([.. expected, (byte)'\n'], file.Content);
        Assert.True(file.WellFormedByConstruction);
    }

    [Fact]
    public void Should_Refuse_To_Grow_Once_A_File_Holds_The_Bytes()
    {
        var writer = new RenderedBytes.Writer();
        "{}"u8.CopyTo(writer.GetSpan(2));
        writer.Advance(2);
        var file = OutputFile.Serialized("x.json", writer);

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan(1 << 20)); // would move the bytes under the file
        Assert.Equal("{}\n"u8.ToArray(), file.Content);
    }
}
