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

    /// <summary>The canonical path with every link resolved (realpath(3)), or null when it does not exist or cannot be resolved.</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        try
        {
            var result = RealPathNative(path, IntPtr.Zero);
            if (result == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                return Marshal.PtrToStringUTF8(result);
            }
            finally
            {
                Free(result);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);
}
