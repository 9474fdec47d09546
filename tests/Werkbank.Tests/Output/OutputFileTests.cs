using System.Text;
using CsCheck;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>
/// Templates' output is encoded from the builder's chunks (no string of the whole file): the file must
/// be byte for byte the one made from the same text as a string, wherever the chunks break.
/// </summary>
public sealed class OutputFileTests
{
    private static readonly Gen<string> Piece = Gen.Frequency(
            (6, Gen.Char['a', 'z']),
            (2, Gen.OneOf('\n', '\r', ' ', 'ä', '€')),
            (1, Gen.OneOf('\ud83d', '\ude00', '\ud800', '\udfff')), // halves of 😀 and lone surrogates
            (1, Gen.Char['\u0000', '\u001f']))
        .Array[0, 40].Select(chars => new string(chars));

    [Fact]
    public void Should_Encode_A_Builder_As_The_Same_Text_As_A_String()
    {
        Gen.Select(Piece.Array[0, 12], Gen.Int[0, 4]).Sample((pieces, newlines) =>
        {
            // A capacity of 1 makes every Append a chunk of its own: surrogate pairs and CRLF break across chunks.
            var builder = new StringBuilder(1);
            foreach (var piece in pieces)
            {
                builder.Append(piece);
            }

            builder.Append('\n', newlines);
            var text = builder.ToString();
            var fromBuilder = OutputFile.Text("f", builder, "b", "a", "b");
            var fromText = OutputFile.Text("f", text, "b", "a", "b");
            Assert.Equal(fromText.Content, fromBuilder.Content);
            Assert.Equal(["a", "b"], fromBuilder.Sources);
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void Should_Split_A_Surrogate_Pair_Across_Chunks_Without_Replacing_It()
    {
        var builder = new StringBuilder(1).Append("x\ud83d").Append("\ude00y");
        Assert.Equal("x😀y\n"u8.ToArray(), OutputFile.Text("f", builder).Content);
    }

    [Fact]
    public void Should_Sort_Sources_Ordinally_Without_Duplicates()
    {
        Assert.Equal(["B", "a", "user:x"], OutputFile.Text("f", "t", "user:x", "a", "B", "a", "user:x").Sources);
        Assert.Empty(OutputFile.Text("f", new StringBuilder("t")).Sources);
    }
}
