using System.Collections.Immutable;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;
using Werkbank.Templates;

namespace Werkbank.Pipeline;

/// <summary>Everything a render produces, before anything is written.</summary>
public sealed record BuildResult(Compilation Compilation, ImmutableArray<OutputFile> Files, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public CompanionFile? Ledger(string inventoryRoot) =>
        Compilation.Ledger is { } bytes ? new CompanionFile(Path.Combine(inventoryRoot, InventoryFiles.Ledger), bytes) : null;
}

/// <summary>The whole pipeline up to (not including) writing: compile, then render every target.</summary>
public static class Build
{
    /// <param name="checkedBefore">Hashes of the files already in out/ (see <see cref="ParseBack.Check"/>).</param>
    /// <param name="added">Sees every rendered file as it is made, before the checks (see <see cref="EarlyStaging"/>).</param>
    public static BuildResult Run(string inventoryRoot, TemplateSet templates, int parallelism, IReadOnlyDictionary<string, string>? checkedBefore = null,
        Action<OutputFile>? added = null)
    {
        var compilation = Compiler.Compile(inventoryRoot, rendersNext: true);
        if (compilation.Model is null)
        {
            return new BuildResult(compilation, [], compilation.Diagnostics);
        }

        var (files, renderDiagnostics) = PhaseTimer.Measure("render", () => Renderer.Render(compilation.Model, templates, parallelism, checkedBefore: checkedBefore, added: added));
        var all = compilation.Diagnostics.AddRange(renderDiagnostics).Sort(Diagnostic.Order);
        return new BuildResult(compilation, all.Any(d => d.IsError) ? [] : files, all);
    }
}
