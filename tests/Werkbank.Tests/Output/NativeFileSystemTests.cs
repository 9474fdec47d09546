using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>The quick reader gives exactly what .NET reads, or null so that .NET reads it (and reports what is wrong).</summary>
public sealed class NativeFileSystemTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("werkbank-nfs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)] // the size of the reusable buffer: one more read finds the end
    [InlineData(65_537)]
    [InlineData(300_000)] // grows a larger buffer
    public void Reads_A_File_As_DotNet_Does(int size)
    {
        var path = Path.Combine(folder, "file.yaml");
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(bytes, NativeFileSystem.TryReadFile(path, maxBytes: 1_000_000));
        Assert.Equal(bytes, NativeFileSystem.TryReadFile(path, maxBytes: size)); // at the limit is not over it
    }

    [Theory]
    [InlineData(10)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    public void Leaves_A_File_Over_The_Limit_To_DotNet(int size)
    {
        var path = Path.Combine(folder, "large.yaml");
        File.WriteAllBytes(path, new byte[size]);

        Assert.Null(NativeFileSystem.TryReadFile(path, maxBytes: size - 1));
    }

    [Fact]
    public void Leaves_A_Link_And_A_Missing_File_To_DotNet()
    {
        var target = Path.Combine(folder, "target.yaml");
        File.WriteAllText(target, "name: x\n");
        var link = Path.Combine(folder, "link.yaml");
        File.CreateSymbolicLink(link, target);

        Assert.Null(NativeFileSystem.TryReadFile(link, maxBytes: 1000));
        Assert.Null(NativeFileSystem.TryReadFile(Path.Combine(folder, "missing.yaml"), maxBytes: 1000));
        Assert.NotNull(NativeFileSystem.TryReadFile(target, maxBytes: 1000));
    }
}
