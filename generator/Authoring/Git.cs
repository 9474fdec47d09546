using System.Diagnostics;
using System.Formats.Tar;

namespace Werkbank.Authoring;

/// <summary>The few local git questions the GitOps commands ask; every failure is a <see cref="GitException"/> with git's own words.</summary>
public static class Git
{
    /// <summary>
    /// Exports the inventory folder as it is at <paramref name="gitRef"/> (like
    /// <c>git archive REF inventory | tar -x</c>) into <paramref name="into"/>; returns the exported folder.
    /// </summary>
    public static string ExportInventory(string inventoryDirectory, string gitRef, string into)
    {
        var full = Path.GetFullPath(inventoryDirectory);
        var top = Run(full, "rev-parse", "--show-toplevel").Trim();
        var prefix = Path.GetRelativePath(top, full).Replace('\\', '/');
        using var archive = new MemoryStream(RunBytes(top, "archive", "--format=tar", gitRef, "--", prefix));
        Directory.CreateDirectory(into);
        TarFile.ExtractToDirectory(archive, into, overwriteFiles: true);
        var exported = Path.Combine(into, prefix);
        return Directory.Exists(exported) ? exported : throw new GitException($"{gitRef} has no folder '{prefix}'");
    }

    /// <summary>The URL of a remote, or null when there is no repository or no such remote.</summary>
    public static string? RemoteUrl(string directory, string remote = "origin")
    {
        try
        {
            return Run(Path.GetFullPath(directory), "remote", "get-url", remote).Trim();
        }
        catch (GitException)
        {
            return null;
        }
    }

    public static string Run(string directory, params string[] arguments) =>
        System.Text.Encoding.UTF8.GetString(RunBytes(directory, arguments));

    private static byte[] RunBytes(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.ToArray()
                : throw new GitException(error.Result.Trim().Split('\n')[0]);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitException($"git is not installed ({ex.Message})");
        }
    }
}

public sealed class GitException(string message) : Exception(message);
