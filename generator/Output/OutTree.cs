using System.IO.Enumeration;

namespace Werkbank.Output;

/// <summary>What out/ holds besides the files a render lists.</summary>
public static class OutTree
{
    /// <summary>
    /// True when out/ holds exactly <paramref name="files"/> (paths relative to out/, forward slashes) and
    /// the folders they are in: no file, folder or link added by hand. Links are not followed.
    /// </summary>
    public static bool HoldsOnly(string outDirectory, IEnumerable<string> files)
    {
        var expected = new HashSet<string>(files, StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in expected)
        {
            for (var slash = file.LastIndexOf('/'); slash > 0; slash = file.LastIndexOf('/', slash - 1))
            {
                if (!folders.Add(file[..slash]))
                {
                    break; // its parents are in already
                }
            }
        }

        var root = Path.GetFullPath(outDirectory).TrimEnd('/') + "/";
        var entries = new FileSystemEnumerable<(string Path, bool Folder)>(
            root,
            (ref FileSystemEntry entry) => (entry.ToFullPath()[root.Length..], IsRealFolder(ref entry)),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldRecursePredicate = (ref FileSystemEntry entry) => IsRealFolder(ref entry),
        };
        var found = 0;
        foreach (var (path, folder) in entries)
        {
            if (folder ? !folders.Contains(path) : !expected.Contains(path))
            {
                return false;
            }

            found += folder ? 0 : 1;
        }

        return found == expected.Count;
    }

    private static bool IsRealFolder(ref FileSystemEntry entry) =>
        entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0;
}
