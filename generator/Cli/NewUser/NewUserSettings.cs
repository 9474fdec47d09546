using System.ComponentModel;
using Spectre.Console.Cli;

namespace Werkbank.Cli.NewUser;

/// <summary>Every question of the wizard as a flag: given flags are not asked (all of them plus --yes: no prompt at all).</summary>
public sealed class NewUserSettings : AuthoringSettings
{
    [CommandOption("--username <NAME>")]
    public string? Username { get; init; }

    [CommandOption("--full-name <TEXT>")]
    public string? FullName { get; init; }

    [CommandOption("--email <ADDRESS>")]
    public string? Email { get; init; }

    [CommandOption("--role <ROLE>")]
    public string? Role { get; init; }

    [CommandOption("--teams <LIST>")]
    [Description("Comma-separated team names; empty for none.")]
    public string? Teams { get; init; }

    [CommandOption("--flavor <FLAVOR>")]
    [Description("VM flavor (default: the role's).")]
    public string? Flavor { get; init; }

    [CommandOption("--gpus <N>")]
    [Description("Passthrough GPUs (only where the role allows them and a host has one free).")]
    public int? Gpus { get; init; }

    [CommandOption("--local <LIST>")]
    [Description("Comma-separated local services, a subset of the role's (default: all of them).")]
    public string? Local { get; init; }

    [CommandOption("--ssh-key <KEY|FILE>")]
    [Description("The public key line, or the path of a .pub file.")]
    public string? SshKey { get; init; }

    public static IReadOnlyList<string>? List(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
