namespace Werkbank.Authoring;

/// <summary>A folder under the system temp directory, deleted (best effort) when disposed.</summary>
public sealed class TemporaryFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder harms nobody
        }
    }
}
