using Werkbank.Output;

namespace Werkbank.Tests.Output;

/// <summary>The quick reader (x64 Linux, as CI) gives exactly what .NET reads, or null so that .NET reads it (and reports what is wrong).</summary>
public sealed class NativeFileSystemTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("werkbank-nfs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4097)]
    [InlineData(65_535)] // the largest file it reads
    public void Reads_A_Small_File_As_DotNet_Does(int size)
    {
        var path = Write("file.yaml", size);

        Assert.Equal(File.ReadAllBytes(path), NativeFileSystem.TryReadFile(path, maxBytes: 1_000_000));
        Assert.Equal(File.ReadAllBytes(path), NativeFileSystem.TryReadFile(path, maxBytes: size)); // at the limit is not over it
    }

    [Theory]
    [InlineData(65_536)]
    [InlineData(300_000)]
    public void Leaves_A_Larger_File_To_DotNet(int size) =>
        Assert.Null(NativeFileSystem.TryReadFile(Write("large.yaml", size), maxBytes: long.MaxValue));

    [Fact]
    public void Leaves_A_File_Over_The_Limit_To_DotNet() =>
        Assert.Null(NativeFileSystem.TryReadFile(Write("over.yaml", 11), maxBytes: 10));

    [Fact]
    public void Leaves_A_Link_A_Folder_And_A_Missing_File_To_DotNet()
    {
        var target = Write("target.yaml", 8);
        var link = Path.Combine(folder, "link.yaml");
        File.CreateSymbolicLink(link, target);
        var subfolder = Directory.CreateDirectory(Path.Combine(folder, "folder.yaml")).FullName;

        Assert.Null(NativeFileSystem.TryReadFile(link, maxBytes: 1000));
        Assert.Null(NativeFileSystem.TryReadFile(subfolder, maxBytes: 1000));
        Assert.Null(NativeFileSystem.TryReadFile(Path.Combine(folder, "missing.yaml"), maxBytes: 1000));
        Assert.NotNull(NativeFileSystem.TryReadFile(target, maxBytes: 1000));
    }

    [Fact]
    public void Closes_Every_File_It_Opens()
    {
        var small = Write("small.yaml", 100);
        var large = Write("large.yaml", 70_000);
        var before = Directory.GetFiles("/proc/self/fd").Length;

        for (var i = 0; i < 2000; i++)
        {
            NativeFileSystem.TryReadFile(small, maxBytes: 1000);
            NativeFileSystem.TryReadFile(large, maxBytes: long.MaxValue);
            NativeFileSystem.TryReadFile(small, maxBytes: 10);
        }

        // Other tests open files meanwhile: a leak would show as thousands.
        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length, 0, before + 200);
    }

    private string Write(string name, int size)
    {
        var path = Path.Combine(folder, name);
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
