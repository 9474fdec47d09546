using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Diagnostics;
using Werkbank.Inventory;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Templates;

namespace Werkbank.Cli;

internal sealed class RenderCommand(IAnsiConsole console) : Command<RenderSettings>
{
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        // Finish or undo a killed render first: the build below reads the allocation ledger, which
        // must match out/ (a killed run may have swapped out/ in without moving its ledger yet).
        if (!RecoverCommand.TryRecover(console, settings))
        {
            return App.InventoryErrors;
        }

        var templates = TemplateSet.Locate(settings.Templates);
        // out/'s manifest (the hashes of its files), read while the inputs are fingerprinted.
        var reading = settings.Force ? null : Task.Run(() => PhaseTimer.Measure("read manifest", () => Manifest.TryRead(settings.Out)));
        // With a record of the last render, the inputs are fingerprinted first: unchanged, nothing is compiled.
        InputHashes? before = null;
        if (!settings.Force && File.Exists(RenderCache.PathFor(settings.Out)))
        {
            before = PhaseTimer.Measure("fingerprint", () => RenderCache.Read(settings.Inventory, templates.Root));
            if (before is not null && RenderCache.IsUpToDate(settings.Out, before.Fingerprint, () => reading!.GetAwaiter().GetResult()))
            {
                console.MarkupLine($"[green]up to date[/]: inventory, templates and generator are unchanged since the last render of {Markup.Escape(settings.Out)}/");
                return App.Success;
            }
        }

        // Without one (a first render, or into an empty folder) this render's inputs are remembered for
        // the next run: the inventory's files as listed before the compilation lists its folders and as it
        // read them (hashed then, not read twice), the templates as they are now (hashed while it compiles).
        var listed = settings.Force || before is not null ? null : RenderCache.List(settings.Inventory);
        var templateHashes = listed is null ? null : Task.Run(() => RenderCache.List(templates.Root) is { } files ? RenderCache.Hash(files, "templates") : null);

        var inOut = reading?.GetAwaiter().GetResult()?.Files.ToDictionary(f => f.Path, f => f.Sha256, StringComparer.Ordinal);
        // Into an empty out/, files are written while the render runs (see EarlyStaging).
        if (!TryStartEarlyStaging(settings, out var early))
        {
            return App.InventoryErrors;
        }

        using var staging = early;
        // No collections from here to the end (QuietHeap): a no-op render above ends before it would pay for the region's start.
        using var quiet = QuietHeap.For(settings.Inventory);
        templates.WarmUp();
        var build = Build.Run(settings.Inventory, templates, settings.Parallelism, inOut, early is null ? null : early.Put,
            early is null ? null : (files, compilation) => early.PrepareManifest(files, () => BuildResult.LedgerOf(compilation, settings.Inventory)?.Sha256));
        DiagnosticPrinter.Print(console, build.Diagnostics, settings.DisplayRoot);
        if (build.HasErrors)
        {
            console.MarkupLine($"{Markup.Escape(settings.Out)}/ was left unchanged.");
            return App.InventoryErrors;
        }

        try
        {
            var ledger = build.Ledger(settings.Inventory);
            var result = PhaseTimer.Measure("write", () => OutDirectoryWriter.Write(settings.Out, build.Files, ledger, settings.Parallelism, early));
            PhaseTimer.Measure("remember inputs", () =>
            {
                RememberInputs(settings, build, ledger, () => before ?? InputsAsCompiled(build, listed, templateHashes));
                return 0;
            });
            console.MarkupLine(result.Changed
                ? $"[green]rendered[/] {build.Files.Length} files into {Markup.Escape(settings.Out)}/: {result.Added} added, {result.Modified} changed, {result.Removed} removed, {result.Unchanged} unchanged"
                : $"[green]up to date[/]: {build.Files.Length} files in {Markup.Escape(settings.Out)}/, nothing changed");
            return App.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).WriteFailed(settings.Out, ex.Message)], settings.DisplayRoot);
            return App.InventoryErrors;
        }
    }

    private bool TryStartEarlyStaging(RenderSettings settings, out EarlyStaging? early)
    {
        try
        {
            early = EarlyStaging.TryStart(settings.Out, Path.Combine(settings.Inventory, InventoryFiles.Ledger), settings.Parallelism);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).WriteFailed(settings.Out, ex.Message)], settings.DisplayRoot);
            early = null;
            return false;
        }
    }

    /// <summary>
    /// The inputs this render compiled. Null when there are none to remember (--force, or a record was
    /// there), or when the inventory changed while it rendered: a listed file gone, one the compilation
    /// read that was not listed.
    /// </summary>
    private static InputHashes? InputsAsCompiled(BuildResult build, IReadOnlyList<InputFile>? listed, Task<IReadOnlyList<(string Relative, byte[] Hash)>?>? templateHashes)
    {
        if (listed is null || templateHashes?.GetAwaiter().GetResult() is not { } templates)
        {
            return null;
        }

        var read = build.Compilation.Inventory.FileHashes;
        var names = listed.Select(f => f.Relative).ToHashSet(StringComparer.Ordinal);
        return read.Keys.All(names.Contains) && PhaseTimer.Measure("fingerprint", () => RenderCache.Hash(listed, "inventory", read)) is { } inventory
            ? new InputHashes([.. inventory, .. templates])
            : null;
    }

    /// <summary>
    /// Records the inputs of a clean render for the quick no-op path. Only a render without any
    /// diagnostic is remembered, so that warnings are printed again on every run until fixed.
    /// </summary>
    private static void RememberInputs(RenderSettings settings, BuildResult build, CompanionFile? ledger, Func<InputHashes?> compiled)
    {
        // Only a clean render is remembered (not --force's, see InputsAsCompiled). It may have written a new
        // ledger, which is an input of the next render: recorded with the bytes written.
        var inputs = build.Diagnostics.Length > 0 ? null : compiled();
        var ledgerBefore = build.Compilation.Inventory.Files.GetValueOrDefault(InventoryFiles.Ledger);
        if (inputs is not null && ledger is not null && ledgerBefore != System.Text.Encoding.UTF8.GetString(ledger.Content))
        {
            inputs = inputs.WithFile($"inventory/{InventoryFiles.Ledger}", System.Security.Cryptography.SHA256.HashData(ledger.Content));
        }

        if (inputs is null)
        {
            RenderCache.Forget(settings.Out);
            return;
        }

        RenderCache.Save(settings.Out, inputs.Fingerprint);
    }
}
