using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Werkbank.Cli;

/// <summary>
/// What every `apply` command shares: a plan file from out/, a dry run unless --apply is given
/// (so that a merge request can never change a live system by accident), and --prune.
/// </summary>
public abstract class ApplySettings : CommandSettings
{
    /// <summary>The plan file; each command declares its own option and default.</summary>
    public abstract string Plan { get; init; }

    [CommandOption("--apply")]
    [Description("Make the changes. Without it the command is a dry run that only prints them.")]
    public bool Apply { get; init; }

    [CommandOption("--dry-run")]
    [Description("Only print what would change (the default; accepted for explicit pipelines).")]
    public bool DryRun { get; init; }

    public override ValidationResult Validate() =>
        Apply && DryRun ? ValidationResult.Error("--apply and --dry-run exclude each other")
        : !File.Exists(Plan) ? ValidationResult.Error($"the plan '{Plan}' does not exist; run 'render' first")
        : ValidationResult.Success();
}
