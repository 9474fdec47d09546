using Spectre.Console;
using Werkbank.Authoring;
using Werkbank.Diagnostics;

namespace Werkbank.Cli.NewUser;

/// <summary>An answer given as a flag that is not acceptable (nothing is asked again for a flag).</summary>
internal sealed class AnswerException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>
/// The questions of new-user, in order. Each takes its flag when given (checked by the same rule),
/// else asks with a prompt that checks the answer live and asks again until it is acceptable.
/// </summary>
internal sealed class NewUserWizard(IAnsiConsole console, NewUserSettings settings, AnswerRules rules, bool interactive)
{
    private static readonly At Here = DiagnosticBuilder.At(SourceSpan.None);

    public Authoring.NewUser Ask()
    {
        var name = Text(settings.Username, "--username", "User name (the login, e.g. [grey]jdoe[/]):", rules.Username);
        var fullName = Text(settings.FullName, "--full-name", "Full name:", rules.FullName);
        var email = Text(settings.Email, "--email", "Email:", rules.Email);
        var role = Choice(settings.Role, "--role", "Role:", [.. rules.Model.Roles.Select(r => r.Name)], rules.Role);
        var teams = Choices(settings.Teams, "--teams", "Teams [grey](space to toggle, enter to accept)[/]:", [.. rules.Model.Teams.Select(t => t.Name)], [], rules.Teams);
        var roleModel = rules.Model.Role(role);
        var defaultFlavor = roleModel.DefaultFlavor.Name;
        var flavors = rules.Model.Platform.Flavors.Keys.OrderBy(f => f == defaultFlavor ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal).ToList();
        var flavor = Choice(settings.Flavor, "--flavor", $"VM flavor (the role's default: {defaultFlavor}):", flavors, rules.Flavor, defaultFlavor);
        var gpus = AskGpus(role, roleModel.AllowsGpu);
        IReadOnlyList<string>? local = null;
        if (!roleModel.Local.IsEmpty || settings.Local is not null)
        {
            var chosen = Choices(settings.Local, "--local", "Local services in the VM:", [.. roleModel.Local], [.. roleModel.Local], l => rules.Local(role, l));
            local = chosen.Order(StringComparer.Ordinal).SequenceEqual(roleModel.Local, StringComparer.Ordinal) ? null : chosen;
        }

        var key = SshKey();
        return new Authoring.NewUser(name, fullName, email, role, teams, flavor == defaultFlavor ? null : flavor, gpus, local, [key]);
    }

    private string Text(string? flag, string option, string question, Func<string, string?> rule)
    {
        if (flag is not null)
        {
            if (rule(flag) is { } problem)
            {
                throw new AnswerException(option == "--username" && problem.EndsWith("already exists", StringComparison.Ordinal)
                    ? Here.UserExists(flag)
                    : Here.InvalidAnswer(option, problem));
            }

            return flag;
        }

        Require(option);
        return console.Prompt(new TextPrompt<string>(question).Validate(answer => Check(rule(answer))));
    }

    private string Choice(string? flag, string option, string question, List<string> choices, Func<string, string?> rule, string? fallback = null)
    {
        if (flag is not null)
        {
            return rule(flag) is { } problem ? throw new AnswerException(Here.InvalidAnswer(option, problem)) : flag;
        }

        if (!interactive && fallback is not null)
        {
            return fallback;
        }

        Require(option);
        return console.Prompt(new SelectionPrompt<string>().Title(question).AddChoices(choices));
    }

    private List<string> Choices(string? flag, string option, string question, List<string> choices, List<string> preselected, Func<IEnumerable<string>, string?> rule)
    {
        if (flag is not null)
        {
            var given = NewUserSettings.List(flag)!.ToList();
            return rule(given) is { } problem ? throw new AnswerException(Here.InvalidAnswer(option, problem)) : given;
        }

        if (!interactive || choices.Count == 0)
        {
            return preselected;
        }

        var prompt = new MultiSelectionPrompt<string>().Title(question).NotRequired().AddChoices(choices);
        foreach (var item in preselected)
        {
            prompt.Select(item);
        }

        return console.Prompt(prompt);
    }

    private int AskGpus(string role, bool allowed)
    {
        if (settings.Gpus is { } gpus)
        {
            if (rules.Gpus(role, gpus) is { } problem)
            {
                throw new AnswerException(allowed && gpus > 0 ? Here.NoFreeGpu(gpus, rules.FreeGpus) : Here.InvalidAnswer("--gpus", problem));
            }

            return gpus;
        }

        // Asked only when the role allows GPUs and a Proxmox host still has one.
        if (!allowed || rules.FreeGpus == 0 || !interactive)
        {
            return 0;
        }

        return console.Prompt(new TextPrompt<int>($"Passthrough GPUs ({rules.FreeGpus} free):").DefaultValue(0)
            .Validate(n => Check(rules.Gpus(role, n))));
    }

    private string SshKey()
    {
        if (settings.SshKey is { } flag)
        {
            var (key, problem) = AnswerRules.SshKey(flag);
            return key ?? throw new AnswerException(Here.InvalidSshKey(problem!));
        }

        Require("--ssh-key");
        var answer = console.Prompt(new TextPrompt<string>("SSH public key (paste the line, or the path of the .pub file):")
            .Validate(a => Check(AnswerRules.SshKey(a).Problem)));
        return AnswerRules.SshKey(answer).Key!;
    }

    private void Require(string option)
    {
        if (!interactive)
        {
            throw new AnswerException(Here.InvalidAnswer(option, "is required when nothing may be asked (--yes, or no terminal)"));
        }
    }

    private static ValidationResult Check(string? problem) =>
        problem is null ? ValidationResult.Success() : ValidationResult.Error($"[red]{Markup.Escape(problem)}[/]");
}
