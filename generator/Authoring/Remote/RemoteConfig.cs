using System.Text.RegularExpressions;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring.Remote;

/// <summary>
/// Which remote a merge request goes to. Tokens come only from the environment (GITLAB_TOKEN,
/// GITHUB_TOKEN: CI variables or the admin's shell), never from flags or files.
/// </summary>
public static partial class RemoteConfig
{
    [GeneratedRegex(@"github\.com[:/](?<owner>[^/]+)/(?<repo>[^/]+?)(\.git)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubUrl();

    /// <param name="project">--project: GitLab id or group/name, GitHub owner/repo (default: CI_PROJECT_ID, else from the origin URL).</param>
    /// <param name="kind">--remote: gitlab | github | null to detect from the origin URL.</param>
    public static IChangeRequestRemote Resolve(string? kind, string? project, string? originUrl, Func<string, string?> environment, HttpClient http)
    {
        var github = GitHubUrl().Match(originUrl ?? string.Empty);
        kind ??= github.Success || environment("GITHUB_TOKEN") is not null && environment(GitLabRemote.TokenVariable) is null ? "github" : "gitlab";
        if (kind == "github")
        {
            var token = environment(GitHubRemote.TokenVariable) ?? throw NotConfigured("GITHUB_TOKEN is not set");
            var path = project ?? (github.Success ? $"{github.Groups["owner"].Value}/{github.Groups["repo"].Value}" : null)
                ?? throw NotConfigured("--project owner/repo is missing and origin is not a GitHub URL");
            var parts = path.Split('/');
            if (parts.Length != 2)
            {
                throw NotConfigured($"'{path}' is not owner/repo");
            }

            var api = environment("GITHUB_API_URL") ?? "https://api.github.com/";
            return new GitHubRemote(new Uri(api), token, parts[0], parts[1]);
        }

        var url = environment("GITLAB_URL") ?? environment("CI_SERVER_URL") ?? throw NotConfigured("GITLAB_URL is not set");
        var gitlabToken = environment(GitLabRemote.TokenVariable) ?? throw NotConfigured("GITLAB_TOKEN is not set");
        var id = project ?? environment("CI_PROJECT_ID") ?? ProjectFromUrl(originUrl)
            ?? throw NotConfigured("--project is missing (the GitLab project id or group/name)");
        return new GitLabRemote(http, new Uri(url), gitlabToken, id);
    }

    /// <summary>group/name from git@host:group/name.git or https://host/group/name.git.</summary>
    private static string? ProjectFromUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        var path = url.Contains("://", StringComparison.Ordinal) ? new Uri(url).AbsolutePath.TrimStart('/') : url[(url.IndexOf(':', StringComparison.Ordinal) + 1)..];
        path = path.EndsWith(".git", StringComparison.Ordinal) ? path[..^4] : path;
        return path.Contains('/', StringComparison.Ordinal) ? path : null;
    }

    private static RemoteException NotConfigured(string detail) =>
        new(DiagnosticBuilder.At(SourceSpan.None).RemoteNotConfigured(detail));
}
