using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using Werkbank.Apply.Gitlab;
using Werkbank.Authoring.Remote;

namespace Werkbank.Cli;

public sealed class ApplyGitlabSettings : ApplySettings
{
    [CommandOption("--plan <FILE>")]
    [Description("The plan to apply (default: out/gitlab/plan.json).")]
    [DefaultValue("out/gitlab/plan.json")]
    public override string Plan { get; init; } = "out/gitlab/plan.json";

    [CommandOption("--prune")]
    [Description("Also remove members of the planned groups that the plan does not name (never Owners; groups and projects are never deleted).")]
    public bool Prune { get; init; }
}

/// <summary>`apply gitlab`: GITLAB_URL (default: the plan's url) and GITLAB_TOKEN; the logic is in Apply/Gitlab.</summary>
internal sealed class ApplyGitlabCommand(IAnsiConsole console) : AsyncCommand<ApplyGitlabSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ApplyGitlabSettings settings, CancellationToken cancellationToken)
    {
        GitLabPlan plan;
        try
        {
            plan = GitLabPlan.FromJson(await File.ReadAllTextAsync(settings.Plan, cancellationToken).ConfigureAwait(false));
        }
        catch (System.Text.Json.JsonException ex)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(settings.Plan)} is not a GitLab plan: {Markup.Escape(ex.Message)}");
            return App.UsageError;
        }

        var url = Environment.GetEnvironmentVariable("GITLAB_URL") is { Length: > 0 } set ? set : plan.Url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            console.MarkupLine($"[red]error:[/] '{Markup.Escape(url)}' is not a GitLab URL (GITLAB_URL, or the plan's url).");
            return App.UsageError;
        }

        var token = Environment.GetEnvironmentVariable(GitLabRemote.TokenVariable);
        if (string.IsNullOrEmpty(token))
        {
            if (settings.Apply)
            {
                console.MarkupLine($"[red]error:[/] --apply needs {GitLabRemote.TokenVariable} (a GitLab admin token with api scope).");
                return App.UsageError;
            }

            console.WriteLine($"{GitLabRemote.TokenVariable} is not set: comparing with an empty GitLab, so everything is listed as new.");
            return await GitLabApply.RunAsync(plan, null, new GitLabApplyOptions(false, settings.Prune, $"none ({GitLabRemote.TokenVariable} is not set)"), console,
                d => RemotePrinter.Print(console, d), cancellationToken).ConfigureAwait(false);
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new GitLabApi(http, server, token, maxAttempts: 5) { Log = message => console.WriteLine("  retry: " + message) };
        return await GitLabApply.RunAsync(plan, new GitLabGroupsClient(api), new GitLabApplyOptions(settings.Apply, settings.Prune, server.GetLeftPart(UriPartial.Authority)),
            console, d => RemotePrinter.Print(console, d), cancellationToken).ConfigureAwait(false);
    }
}
