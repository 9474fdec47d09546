using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Authoring;
using Werkbank.Diagnostics;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Pipeline;
using Werkbank.Plan;
using Werkbank.Templates;

namespace Werkbank.Cli;

public sealed class PlanSettings : RenderSettings
{
    [CommandOption("--base-inventory <DIR>")]
    [Description("Compare with this inventory (the merge request's base) and print the semantic summary.")]
    public string? BaseInventory { get; init; }

    [CommandOption("--base-ref <GITREF>")]
    [Description("Compare with the inventory at this git ref (e.g. origin/main), exported with git archive.")]
    public string? BaseRef { get; init; }

    [CommandOption("--summary <FILE>")]
    [Description("Also write the semantic summary (Markdown) to this file.")]
    public string? Summary { get; init; }

    [CommandOption("--mr-note")]
    [Description("Post the summary as a note on the merge request of this CI pipeline (needs GITLAB_TOKEN; skipped without it).")]
    public bool MrNote { get; init; }

    public override ValidationResult Validate()
    {
        if (BaseInventory is not null && BaseRef is not null)
        {
            return ValidationResult.Error("give either --base-inventory or --base-ref, not both");
        }

        if (BaseInventory is not null && !Directory.Exists(BaseInventory))
        {
            return ValidationResult.Error($"the base inventory folder '{BaseInventory}' does not exist");
        }

        if ((Summary is not null || MrNote) && BaseInventory is null && BaseRef is null)
        {
            return ValidationResult.Error("--summary and --mr-note need --base-inventory or --base-ref");
        }

        return base.Validate();
    }
}

/// <summary>
/// Compares what render would write with what out/ holds now, file by file, without writing; with a
/// base (--base-ref, --base-inventory) it first says what the change means: users, VMs, access, capacity.
/// </summary>
internal sealed class PlanCommand(IAnsiConsole console) : Command<PlanSettings>
{
    public override int Execute(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
    {
        // Finish or undo a killed render first: the build below reads the allocation ledger, which
        // must match out/ (a killed run may have swapped out/ in without moving its ledger yet).
        if (!RecoverCommand.TryRecover(console, settings))
        {
            return App.InventoryErrors;
        }

        var build = Build.Run(settings.Inventory, TemplateSet.Locate(settings.Templates), settings.Parallelism);
        DiagnosticPrinter.Print(console, build.Diagnostics, settings.DisplayRoot);
        if (build.HasErrors)
        {
            return App.InventoryErrors;
        }

        if (settings.BaseInventory is not null || settings.BaseRef is not null)
        {
            var summary = Summarize(settings, build.Compilation.Model!);
            if (summary is null)
            {
                return App.InventoryErrors;
            }

            console.WriteLine(summary);
            if (settings.Summary is { } file)
            {
                File.WriteAllText(file, summary);
            }

            if (settings.MrNote && !MergeRequestNote.Post(console, summary))
            {
                return App.InventoryErrors;
            }
        }

        var ledger = build.Ledger(settings.Inventory);
        var diff = OutDiff.Compare(settings.Out, build.Files, ledger);
        foreach (var line in diff.Lines)
        {
            console.MarkupLine(Markup.Escape(line));
        }

        console.MarkupLine(diff.IsEmpty
            ? "[green]no changes[/]: out/ is what render makes of the inventory"
            : $"{diff.Added} to add, {diff.Changed} to change, {diff.Removed} to remove");
        return diff.IsEmpty ? App.Success : App.WouldChange;
    }

    private string? Summarize(PlanSettings settings, PlatformModel head)
    {
        using var temp = new TemporaryFolder("werkbank-base-");
        string baseRoot;
        var what = settings.BaseRef is { } gitRef ? $"at {gitRef}" : $"in {settings.BaseInventory}";
        try
        {
            baseRoot = settings.BaseRef is { } r ? Git.ExportInventory(settings.Inventory, r, temp.Path) : settings.BaseInventory!;
        }
        catch (GitException ex)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).BaseUnreadable(what, ex.Message)], settings.DisplayRoot);
            return null;
        }

        var baseline = Compiler.Compile(baseRoot);
        if (baseline.Model is null)
        {
            DiagnosticPrinter.Print(console, [DiagnosticBuilder.At(SourceSpan.None).BaseHasErrors(baseline.Diagnostics.Count(d => d.IsError))], settings.DisplayRoot);
            return null;
        }

        return PlanMarkdown.Render(PlanDiff.Compare(baseline.Model, head), settings.BaseRef is { } b ? $"Werkbank plan (against {b})" : "Werkbank plan");
    }
}
