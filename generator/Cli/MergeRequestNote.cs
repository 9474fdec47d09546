using Spectre.Console;
using Werkbank.Authoring.Remote;

namespace Werkbank.Cli;

/// <summary>Posts the plan summary on the pipeline's merge request, when GitLab CI provides one and a token is configured.</summary>
internal static class MergeRequestNote
{
    public static bool Post(IAnsiConsole console, string summary)
    {
        var iid = Environment.GetEnvironmentVariable("CI_MERGE_REQUEST_IID");
        var token = Environment.GetEnvironmentVariable(GitLabRemote.TokenVariable);
        var server = Environment.GetEnvironmentVariable("CI_SERVER_URL") ?? Environment.GetEnvironmentVariable("GITLAB_URL");
        var project = Environment.GetEnvironmentVariable("CI_PROJECT_ID");
        if (string.IsNullOrEmpty(iid) || string.IsNullOrEmpty(server) || string.IsNullOrEmpty(project))
        {
            console.MarkupLine("[grey]not a merge request pipeline: the summary is not posted[/]");
            return true;
        }

        if (string.IsNullOrEmpty(token))
        {
            console.MarkupLine($"[grey]{GitLabRemote.TokenVariable} is not set: the summary is kept as the job's artifact only[/]");
            return true;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            new GitLabRemote(http, new Uri(server), token, project).PostNoteAsync(iid, summary).GetAwaiter().GetResult();
            console.MarkupLine($"posted the plan on merge request !{Markup.Escape(iid)}");
            return true;
        }
        catch (RemoteException ex)
        {
            RemotePrinter.Print(console, ex.Diagnostic, "The summary is still in the job's artifacts.");
            return false;
        }
    }
}
