using System.Text;
using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>
/// A file built with <see cref="RenderedText"/> (encoded into native memory as it grows) has exactly the
/// bytes <see cref="OutputFile.Text(string, string, IEnumerable{string})"/> gives for the whole text: line
/// endings normalized, exactly one final newline, and characters split between two spills encoded as one.
/// </summary>
public sealed class RenderedTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("\n\n\n")]
    [InlineData("a,b\r\nc,d\r\n\r\n")]
    [InlineData("lone \r carriage return\r")]
    [InlineData("\r\r\n double")]
    [InlineData("Zoë, 東京, 🚀\n")]
    public void Should_Give_The_Bytes_Of_The_Whole_Text(string text)
    {
        var rendered = new RenderedText();
        rendered.Builder.Append(text);

        Assert.Equal(OutputFile.Text("f", text).Content, OutputFile.Text("f", rendered).Content);
    }

    [Fact]
    public void Should_Give_The_Same_Bytes_However_The_Text_Was_Spilled()
    {
        // Pieces of every kind of character, spilled at every point: a surrogate pair or a CRLF cut in
        // two by a spill must come out as the whole text's.
        string[] pieces = ["user,", "Zoë ", "🚀", "\r", "\n", "東京", "\"quoted\"", new string('x', 5000), "\n\n"];
        var random = new Random(20261127);
        for (var round = 0; round < 200; round++)
        {
            var whole = new StringBuilder();
            var rendered = new RenderedText();
            for (var i = random.Next(1, 400); i > 0; i--)
            {
                var piece = pieces[random.Next(pieces.Length)];
                if (piece == "🚀" && random.Next(2) == 0)
                {
                    // the high and the low half in two appends, maybe with a spill between them
                    rendered.Builder.Append(piece[0]);
                    rendered.Spill();
                    rendered.Builder.Append(piece[1]);
                }
                else
                {
                    rendered.Builder.Append(piece);
                }

                whole.Append(piece);
                if (random.Next(3) == 0)
                {
                    rendered.Spill();
                }
            }

            Assert.Equal(OutputFile.Text("f", whole.ToString()).Content, OutputFile.Text("f", rendered).Content);
        }
    }

    [Fact]
    public void Should_Encode_What_It_Holds_Once_It_Holds_Enough()
    {
        var rendered = new RenderedText();
        rendered.Builder.Append('a', 100);
        rendered.Spill();
        Assert.Equal(100, rendered.Builder.Length); // little: kept for the next spill

        rendered.Builder.Append('b', 20_000);
        rendered.Spill();
        Assert.Equal(0, rendered.Builder.Length);
        Assert.Equal(Encoding.UTF8.GetBytes(new string('a', 100) + new string('b', 20_000) + "\n"), OutputFile.Text("f", rendered).Content);
    }

    [Fact]
    public void Should_Refuse_To_Be_Finished_Twice()
    {
        var rendered = new RenderedText();
        rendered.Builder.Append("once");
        _ = OutputFile.Text("f", rendered);

        Assert.Throws<ObjectDisposedException>(() => OutputFile.Text("g", rendered));
    }
}
