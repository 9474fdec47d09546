using System.ComponentModel;
using Spectre.Console.Cli;

namespace Werkbank.Cli.NewUser;

/// <summary>Options every authoring command shares: no prompts, and where the merge request goes.</summary>
public class AuthoringSettings : RenderSettings
{
    [CommandOption("-y|--yes")]
    [Description("Ask nothing: take the flags, confirm writing and rendering. Opens a merge request only with --merge-request.")]
    public bool Yes { get; init; }

    [CommandOption("--merge-request")]
    [Description("After rendering, create a branch, commit and open a merge request (GitLab) or pull request (GitHub).")]
    public bool MergeRequest { get; init; }

    [CommandOption("--branch <NAME>")]
    [Description("Branch for the merge request (default: werkbank/<command>-<user>).")]
    public string? Branch { get; init; }

    [CommandOption("--remote <KIND>")]
    [Description("gitlab or github (default: from the origin URL).")]
    public string? Remote { get; init; }

    [CommandOption("--project <ID>")]
    [Description("GitLab project id or group/name, or GitHub owner/repo (default: CI_PROJECT_ID, else the origin URL).")]
    public string? Project { get; init; }

    [CommandOption("--gitlab-url <URL>")]
    [Description("GitLab server (default: GITLAB_URL, else CI_SERVER_URL).")]
    public string? GitLabUrl { get; init; }

    [CommandOption("--github-url <URL>")]
    [Description("GitHub API (default: GITHUB_API_URL, else https://api.github.com).")]
    public string? GitHubUrl { get; init; }

    [CommandOption("--token-variable <NAME>")]
    [Description("The environment variable that holds the token (default: GITLAB_TOKEN or GITHUB_TOKEN). Tokens are never flags.")]
    public string? TokenVariable { get; init; }

    public override Spectre.Console.ValidationResult Validate() =>
        Remote is not null and not "gitlab" and not "github"
            ? Spectre.Console.ValidationResult.Error("--remote must be gitlab or github")
            : base.Validate();

    /// <summary>The environment as the remote sees it, with the flags laid over it.</summary>
    public string? Environment(string name) => name switch
    {
        "GITLAB_URL" when GitLabUrl is not null => GitLabUrl,
        "GITHUB_API_URL" when GitHubUrl is not null => GitHubUrl,
        "GITLAB_TOKEN" or "GITHUB_TOKEN" when TokenVariable is not null => System.Environment.GetEnvironmentVariable(TokenVariable),
        _ => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null,
    };
}
