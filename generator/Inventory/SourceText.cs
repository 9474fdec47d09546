using System.Text;
using Werkbank.Diagnostics;

namespace Werkbank.Inventory;

/// <summary>Reads an inventory file as text, refusing what is too large, binary, not UTF-8, or a link out of the inventory.</summary>
internal static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="parentChecked">The file's folder is known not to lead out of the inventory (checked once for all its files).</param>
    /// <param name="hashed">Receives the SHA-256 of the file's bytes as read (the render cache's fingerprint of this input).</param>
    public static string? Read(string root, string relative, long maxBytes, ICollection<Diagnostic> diagnostics, bool parentChecked = false, Action<byte[]>? hashed = null)
    {
        var path = Path.Combine(root, relative);
        var at = DiagnosticBuilder.At(SourceSpan.StartOf(relative));
        try
        {
            // In a folder known to stay inside the inventory, a file that is not a link and not too large is
            // read with four calls; anything else (a link, too large, unreadable) is checked and reported below.
            var bytes = parentChecked ? Output.NativeFileSystem.TryReadFile(path, maxBytes) : null;
            if (bytes is null)
            {
                var info = new FileInfo(path);
                if (LinkLeavesRoot(root, info, parentChecked) is { } target)
                {
                    diagnostics.Add(at.SymlinkOutsideInventory(target));
                    return null;
                }

                if (info.Length > maxBytes)
                {
                    diagnostics.Add(at.FileTooLarge(info.Length, maxBytes));
                    return null;
                }

                bytes = File.ReadAllBytes(path);
            }

            hashed?.Invoke(System.Security.Cryptography.SHA256.HashData(bytes));
            var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0; // a BOM is harmless: skip it
            var content = bytes.AsSpan(offset);
            var nul = content.IndexOf((byte)0);
            if (nul >= 0)
            {
                diagnostics.Add(DiagnosticBuilder.At(PositionOf(relative, content, nul)).NotUtf8Text("it contains NUL bytes (a binary file?)"));
                return null;
            }

            if (FirstInvalidByte(content) is { } bad)
            {
                diagnostics.Add(DiagnosticBuilder.At(PositionOf(relative, content, bad))
                    .NotUtf8Text($"invalid byte 0x{content[bad]:X2} (saved as Latin-1 or Windows-1252?)"));
                return null;
            }

            return StrictUtf8.GetString(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(at.UnreadableFile(relative, ex.Message));
        }

        return null;
    }

    /// <summary>Index of the first byte that does not start a valid UTF-8 sequence, else null.</summary>
    private static int? FirstInvalidByte(ReadOnlySpan<byte> content)
    {
        if (System.Text.Unicode.Utf8.IsValid(content))
        {
            return null; // the vectorised check; the loop below only runs to find where a bad byte is
        }

        var index = 0;
        while (index < content.Length)
        {
            if (Rune.DecodeFromUtf8(content[index..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return index;
            }

            index += consumed;
        }

        return null;
    }

    /// <summary>Line and column (in characters, as editors count) of a byte offset; the line before it is valid UTF-8.</summary>
    private static SourceSpan PositionOf(string relative, ReadOnlySpan<byte> content, int index)
    {
        var before = content[..index];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return new SourceSpan(relative, line, column);
    }

    /// <summary>
    /// The target of a link (file or folder) that resolves outside <paramref name="root"/>, else null.
    /// The check uses the fully resolved path (realpath), so a chain of links through a linked folder
    /// inside the inventory cannot lead out of it either.
    /// </summary>
    public static string? LinkLeavesRoot(string root, FileSystemInfo info, bool parentChecked = false)
    {
        // The attributes come from one lstat (cached in info); LinkTarget would cost a readlink per file.
        var attributes = info.Attributes; // -1 when nothing is there (or, on some systems, a dangling link): ask readlink then
        var isLink = attributes != (FileAttributes)(-1)
            ? (attributes & FileAttributes.ReparsePoint) != 0
            : info.LinkTarget is not null;
        if (!isLink && (parentChecked || !ParentIsLinked(root, info)))
        {
            return null;
        }

        var fullRoot = (Output.NativeFileSystem.RealPath(root) ?? Path.GetFullPath(root)).TrimEnd('/') + "/";
        var resolved = Output.NativeFileSystem.RealPath(info.FullName)
            ?? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? info.LinkTarget!;
        return resolved.StartsWith(fullRoot, StringComparison.Ordinal) ? null : info.LinkTarget ?? resolved;
    }

    private static bool ParentIsLinked(string root, FileSystemInfo info)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd('/');
        for (var parent = Path.GetDirectoryName(info.FullName); parent is not null && parent.Length > fullRoot.Length; parent = Path.GetDirectoryName(parent))
        {
            if (new DirectoryInfo(parent).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }
}
