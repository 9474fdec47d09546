namespace Werkbank.Tests.Support;

/// <summary>Folder trees compared file by file, byte for byte (renders of the same inventory, two builds).</summary>
public static class Trees
{
    public static void AssertSame(string first, string second)
    {
        var a = Snapshot(first);
        var b = Snapshot(second);
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (path, bytes) in a)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(b[path]), $"{path} differs between {first} and {second}");
        }
    }

    public static SortedDictionary<string, byte[]> Snapshot(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);
}
