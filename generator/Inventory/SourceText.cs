using System.Text;
using Werkbank.Diagnostics;

namespace Werkbank.Inventory;

/// <summary>Reads an inventory file as text, refusing what is too large, binary, not UTF-8, or a link out of the inventory.</summary>
internal static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Read(string root, string relative, long maxBytes, ICollection<Diagnostic> diagnostics)
    {
        var path = Path.Combine(root, relative);
        var at = DiagnosticBuilder.At(SourceSpan.StartOf(relative));
        try
        {
            var info = new FileInfo(path);
            if (LinkLeavesRoot(root, info) is { } target)
            {
                diagnostics.Add(at.SymlinkOutsideInventory(target));
                return null;
            }

            if (info.Length > maxBytes)
            {
                diagnostics.Add(at.FileTooLarge(info.Length, maxBytes));
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            var offset = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0; // a BOM is harmless: skip it
            if (bytes.AsSpan(offset).IndexOf((byte)0) >= 0)
            {
                diagnostics.Add(at.NotUtf8Text("it contains NUL bytes (a binary file?)"));
                return null;
            }

            return StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException ex)
        {
            diagnostics.Add(at.NotUtf8Text($"invalid byte sequence at byte {ex.Index}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(at.UnreadableFile(relative, ex.Message));
        }

        return null;
    }

    /// <summary>The target of a link (file or folder) that resolves outside <paramref name="root"/>, else null.</summary>
    public static string? LinkLeavesRoot(string root, FileSystemInfo info)
    {
        if (info.LinkTarget is null)
        {
            return null;
        }

        var resolved = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.LinkTarget;
        var fullRoot = Path.GetFullPath(root).TrimEnd('/') + "/";
        return resolved.StartsWith(fullRoot, StringComparison.Ordinal) ? null : info.LinkTarget;
    }
}
