using System.Collections.Immutable;
using Werkbank.Authoring.Remote;
using Werkbank.Diagnostics;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Plan;
using Werkbank.Templates;

namespace Werkbank.Authoring;

/// <summary>What an authoring command will do: the file it writes and what that means (diagnostics, plan).</summary>
public sealed record ChangePreview(ImmutableArray<Diagnostic> Diagnostics, string? Plan)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>What was written locally, as the files of one commit (repository-relative paths).</summary>
public sealed record AppliedChange(ImmutableArray<FileChange> Files, WriteResult Write);

/// <summary>
/// The non-UI half of new-user, suspend-user and remove-user: preview one inventory file's new
/// content in a copy of the inventory (validate, plan), then write it, render out/ and collect
/// the files of the commit. The repository root is the folder that holds inventory/ and out/.
/// </summary>
public static class ChangeFlow
{
    public static ChangePreview Preview(string inventoryRoot, string relativeFile, string content)
    {
        var before = Compiler.Compile(inventoryRoot);
        using var temp = new TemporaryFolder("werkbank-preview-");
        var copy = Path.Combine(temp.Path, "inventory");
        CopyTree(inventoryRoot, copy);
        File.WriteAllText(Path.Combine(copy, relativeFile), content);
        var after = Compiler.Compile(copy);
        if (after.Model is null || before.Model is null)
        {
            return new ChangePreview(after.Diagnostics, null);
        }

        return new ChangePreview(after.Diagnostics, PlanMarkdown.Render(PlanDiff.Compare(before.Model, after.Model)));
    }

    public static AppliedChange Apply(string inventoryRoot, string outDirectory, TemplateSet templates, int parallelism, string relativeFile, string content)
    {
        var path = Path.Combine(inventoryRoot, relativeFile);
        var existed = File.Exists(path);
        var previous = existed ? File.ReadAllText(path) : null;
        File.WriteAllText(path, content);
        var build = Build.Run(inventoryRoot, templates, parallelism);
        if (build.HasErrors)
        {
            // The preview passed, so this is a race or a bug: put the inventory back as it was.
            if (previous is null)
            {
                File.Delete(path);
            }
            else
            {
                File.WriteAllText(path, previous);
            }

            throw new InvalidOperationException(string.Join("; ", build.Diagnostics.Where(d => d.IsError).Select(d => d.Format("inventory"))));
        }

        var repoRoot = Path.GetDirectoryName(Path.GetFullPath(inventoryRoot).TrimEnd('/'))!;
        string Relative(string file) => Path.GetRelativePath(repoRoot, Path.GetFullPath(file)).Replace('\\', '/');
        var ledger = build.Ledger(inventoryRoot);
        var manifest = Manifest.For(build.Files, ledger?.Sha256).ToFile();
        var byPath = build.Files.Add(manifest).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var files = new List<FileChange> { new(Relative(path), existed ? FileAction.Update : FileAction.Create, System.Text.Encoding.UTF8.GetBytes(content)) };
        foreach (var line in OutDiff.Compare(outDirectory, build.Files, ledger).Lines)
        {
            var kind = line[0];
            var relative = line[2..];
            if (relative.EndsWith(" (allocation ledger)", StringComparison.Ordinal))
            {
                var ledgerExists = File.Exists(ledger!.Path);
                files.Add(new FileChange(Relative(ledger.Path), ledgerExists ? FileAction.Update : FileAction.Create, ledger.Content));
                continue;
            }

            var target = Relative(Path.Combine(outDirectory, relative));
            files.Add(kind switch
            {
                '+' => new FileChange(target, FileAction.Create, byPath[relative].Content),
                '~' => new FileChange(target, FileAction.Update, byPath[relative].Content),
                _ => new FileChange(target, FileAction.Delete, null),
            });
        }

        var written = OutDirectoryWriter.Write(outDirectory, build.Files, ledger, parallelism);
        return new AppliedChange([.. files.OrderBy(f => f.Path, StringComparer.Ordinal)], written);
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
