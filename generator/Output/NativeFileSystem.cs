using System.Runtime.InteropServices;

namespace Werkbank.Output;

/// <summary>
/// The two Linux calls .NET does not expose: renameat2(RENAME_EXCHANGE), which swaps two folders in
/// one atomic step, and link(), which puts an unchanged file into the new tree without rewriting it.
/// Both report failure (other systems, other file systems) so that callers can fall back.
/// </summary>
internal static partial class NativeFileSystem
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    public static bool TryExchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return RenameAt2(AtFdCwd, first, AtFdCwd, second, RenameExchange) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    public static bool TryHardLink(string existing, string newPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Link(existing, newPath) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);
}
