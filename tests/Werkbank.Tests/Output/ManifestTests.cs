using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>
/// The manifest lists files sorted by path whatever order it is given them in, and the sink hands
/// out its files sorted by ordinal path (not by culture: "B" before "a", "a-b" before "a/b").
/// </summary>
public sealed class ManifestTests
{
    private static readonly string[] Paths = ["b/x", "a/b", "B", "a-b", "a/a", "a"];

    private static readonly string[] Sorted = ["B", "a", "a-b", "a/a", "a/b", "b/x"];

    [Fact]
    public void Should_List_Files_By_Ordinal_Path_In_Any_Order_Given()
    {
        var files = Paths.Select(p => OutputFile.Text(p, p)).ToArray();

        var manifest = Manifest.For(files, null);

        Assert.Equal(Sorted, manifest.Files.Select(f => f.Path));
        Assert.Equal(files.Single(f => f.Path == "a-b").Sha256, manifest.Files[2].Sha256);
    }

    [Fact]
    public void Should_Hand_Out_The_Sinks_Files_Sorted_By_Ordinal_Path()
    {
        var sink = new OutputSink();
        foreach (var path in Paths)
        {
            sink.Add(OutputFile.Text(path, path));
        }

        var files = sink.ToSortedArray();

        Assert.Equal(Sorted, files.Select(f => f.Path));
        Assert.All(files, f => Assert.Equal(f.Path + "\n", f.ContentAsText));
    }
}
