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

    public CompanionFile? Ledger(string inventoryRoot) => LedgerOf(Compilation, inventoryRoot);

    /// <summary>The ledger a compilation writes beside out/, if it writes one.</summary>
    public static CompanionFile? LedgerOf(Compilation compilation, string inventoryRoot) =>
        compilation.Ledger is { } bytes ? new CompanionFile(Path.Combine(inventoryRoot, InventoryFiles.Ledger), bytes) : null;
}

/// <summary>The whole pipeline up to (not including) writing: compile, then render every target.</summary>
public static class Build
{
    /// <param name="checkedBefore">Hashes of the files already in out/ (see <see cref="ParseBack.Check"/>).</param>
    /// <param name="added">Sees every rendered file as it is made, before the checks (see <see cref="EarlyStaging"/>).</param>
    /// <param name="beforeChecks">Sees all rendered files, in path order, and the compilation, before the files are parsed back.</param>
    public static BuildResult Run(string inventoryRoot, TemplateSet templates, int parallelism, IReadOnlyDictionary<string, string>? checkedBefore = null,
        Action<OutputFile>? added = null, Action<ImmutableArray<OutputFile>, Compilation>? beforeChecks = null)
    {
        var compilation = Compiler.Compile(inventoryRoot, rendersNext: true);
        if (compilation.Model is null)
        {
            return new BuildResult(compilation, [], compilation.Diagnostics);
        }

        var (files, renderDiagnostics) = PhaseTimer.Measure("render", () => Renderer.Render(compilation.Model, templates, parallelism, checkedBefore: checkedBefore, added: added,
            beforeChecks: beforeChecks is null ? null : files => beforeChecks(files, compilation)));
        var all = compilation.Diagnostics.AddRange(renderDiagnostics).Sort(Diagnostic.Order);
        return new BuildResult(compilation, all.Any(d => d.IsError) ? [] : files, all);
    }
}
