using System.Runtime.InteropServices;

namespace Werkbank.Output;

/// <summary>
/// The Linux calls .NET does not expose: renameat2(RENAME_EXCHANGE), which swaps two folders in
/// one atomic step, link(), which puts an unchanged file into the new tree without rewriting it, and
/// a plain open/write/close for new files (File.WriteAllBytes adds a lock, fstat, ftruncate, lseek and
/// fstatfs per file: at 40,000 files that doubled the write), and a plain open/read/close for small inputs
/// (File.ReadAllBytes after a FileInfo: lstat, geteuid, open, fstat, flock, fstat, pread, flock, close).
/// All report failure so that callers can fall back.
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

    /// <summary>Creates <paramref name="path"/> (which must not exist) with <paramref name="content"/>: natively where it can, else through .NET.</summary>
    public static void CreateFile(string path, ReadOnlySpan<byte> content)
    {
        if (!TryCreateFile(path, content))
        {
            File.WriteAllBytes(path, content);
        }
    }

    /// <summary>Creates <paramref name="path"/> (which must not exist) with <paramref name="content"/>; false if the native calls are unavailable.</summary>
    public static bool TryCreateFile(string path, ReadOnlySpan<byte> content)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int descriptor;
        try
        {
            descriptor = Open(path, OpenWriteOnly | OpenCreate | OpenExclusive | OpenCloseOnExec, 438 /* 0666, less the umask */);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        if (descriptor < 0)
        {
            throw new IOException($"cannot create {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            while (!content.IsEmpty)
            {
                var written = Write(descriptor, content, content.Length);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4 /* EINTR */)
                    {
                        continue;
                    }

                    throw new IOException($"cannot write {path}: {Marshal.GetLastPInvokeErrorMessage()}");
                }

                content = content[(int)written..];
            }
        }
        finally
        {
            Close(descriptor);
        }

        return true;
    }

    /// <summary>
    /// The bytes of <paramref name="path"/> if it is not a link and holds at most <paramref name="maxBytes"/>
    /// and at most 64 KiB (an inventory file is a few hundred bytes); null when it is a link, larger,
    /// cannot be read, or the native calls are unavailable: the caller reads it through .NET then, which
    /// checks and reports all of that. Opened without following a link in its last component and without
    /// blocking (a FIFO reads as empty instead of waiting for a writer). Only on x64 Linux, whose flag
    /// values these are (O_NOFOLLOW is another bit on ARM).
    /// </summary>
    public static byte[]? TryReadFile(string path, long maxBytes)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        int descriptor;
        try
        {
            descriptor = Open(path, OpenReadOnly | OpenNoFollow | OpenNonBlocking | OpenCloseOnExec, 0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        if (descriptor < 0)
        {
            return null;
        }

        try
        {
            var buffer = readBuffer ??= new byte[SmallFileBytes];
            var length = 0;
            while (length < buffer.Length)
            {
                var read = Read(descriptor, buffer.AsSpan(length), buffer.Length - length);
                if (read == 0)
                {
                    return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
                }

                if (read < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4 /* EINTR */)
                    {
                        continue;
                    }

                    return null;
                }

                length += (int)read;
            }

            return null; // 64 KiB or more: .NET reads it, sized from its length
        }
        finally
        {
            Close(descriptor);
        }
    }

    private const int SmallFileBytes = 64 * 1024;

    // One read buffer per thread, for the inventory's many small files.
    [ThreadStatic]
    private static byte[]? readBuffer;

    private const int OpenReadOnly = 0x0;
    private const int OpenNonBlocking = 0x800;
    private const int OpenNoFollow = 0x20000;
    private const int OpenWriteOnly = 0x1;
    private const int OpenCreate = 0x40;
    private const int OpenExclusive = 0x80;
    private const int OpenCloseOnExec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int descriptor, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int descriptor, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

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
