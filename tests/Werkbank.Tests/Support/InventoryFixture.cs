using Werkbank.Diagnostics;
using Werkbank.Pipeline;

namespace Werkbank.Tests.Support;

/// <summary>
/// A small valid inventory (tests/Diagnostics/_base/inventory) in a temp folder, with files replaced,
/// added or deleted by a test. The usual way to write a rule test in a few lines.
/// </summary>
public sealed class InventoryFixture : IDisposable
{
    private readonly TempDir temp = new("werkbank-inv-");

    public InventoryFixture(string? baseInventory = null)
    {
        TempDir.CopyTree(baseInventory ?? BasePath, Root);
    }

    public static string BasePath => Repo.Path("tests", "Diagnostics", "_base", "inventory");

    public string Root => temp.Combine("inventory");

    public InventoryFixture With(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public InventoryFixture Without(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }

        return this;
    }

    /// <summary>Applies a case folder: its overlay/ is copied over the inventory, the paths listed in its 'remove' file are deleted.</summary>
    public InventoryFixture ApplyCase(string caseFolder)
    {
        var overlay = Path.Combine(caseFolder, "overlay");
        if (Directory.Exists(overlay))
        {
            TempDir.CopyTree(overlay, Root);
        }

        var remove = Path.Combine(caseFolder, "remove");
        if (File.Exists(remove))
        {
            foreach (var path in File.ReadAllLines(remove).Where(l => l.Trim().Length > 0))
            {
                Without(path.Trim());
            }
        }

        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public Compilation Compile() => Compiler.Compile(Root);

    public IReadOnlyList<string> DiagnosticLines() =>
        [.. Compile().Diagnostics.Select(d => d.Format("inventory"))];

    public IReadOnlyList<Diagnostic> Errors() => [.. Compile().Diagnostics.Where(d => d.IsError)];

    public void Dispose() => temp.Dispose();
}
