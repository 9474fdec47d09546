using Spectre.Console;
using Werkbank.Authoring;
using Werkbank.Authoring.Remote;
using Werkbank.Diagnostics;
using Werkbank.Templates;

namespace Werkbank.Cli.NewUser;

/// <summary>
/// The shared second half of new-user, suspend-user and remove-user: show the plan, confirm, write
/// the file, render, then (when asked) open the merge request. A remote failure keeps the local
/// change and says how to retry; the remote is left as it was.
/// </summary>
internal sealed class AuthoringRunner(IAnsiConsole console, AuthoringSettings settings)
{
    /// <summary>Exit code when the local change is done but the merge request could not be opened.</summary>
    public const int RemoteFailed = 4;

    public bool Interactive => !settings.Yes && console.Profile.Capabilities.Interactive;

    public int Run(string relativeFile, string content, string title, string branch)
    {
        var preview = ChangeFlow.Preview(settings.Inventory, relativeFile, content);
        if (preview.HasErrors)
        {
            var first = preview.Diagnostics.First(d => d.IsError);
            RemotePrinter.Print(console, DiagnosticBuilder.At(SourceSpan.None).NewUserInvalid(first.Format(settings.DisplayRoot)));
            return App.InventoryErrors;
        }

        console.WriteLine();
        console.WriteLine(preview.Plan ?? string.Empty);
        var display = $"{settings.DisplayRoot}/{relativeFile}";
        if (Interactive && !console.Confirm($"Write {Markup.Escape(display)} and render {Markup.Escape(settings.Out)}/?"))
        {
            console.MarkupLine("Nothing was changed.");
            return App.Success;
        }

        var applied = ChangeFlow.Apply(settings.Inventory, settings.Out, TemplateSet.Locate(settings.Templates), settings.Parallelism, relativeFile, content);
        console.MarkupLine($"[green]wrote[/] {Markup.Escape(display)}; rendered {Markup.Escape(settings.Out)}/: {applied.Write.Added} added, {applied.Write.Modified} changed, {applied.Write.Removed} removed");
        var branchName = settings.Branch ?? branch;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        IChangeRequestRemote? remote = null;
        Diagnostic? notConfigured = null;
        try
        {
            remote = RemoteConfig.Resolve(settings.Remote, settings.Project, Git.RemoteUrl(settings.Inventory), settings.Environment, http);
        }
        catch (RemoteException ex)
        {
            notConfigured = ex.Diagnostic;
        }

        // Offer the merge request only when there is a remote to open it on.
        var open = settings.MergeRequest
            || (Interactive && remote is not null && console.Confirm($"Create a branch, commit and open a merge request on {Markup.Escape(remote.Name)}?", defaultValue: false));
        var manual = $"git checkout -b {branchName} && git add {settings.DisplayRoot} {settings.Out} && git commit -m {Escape.ShellWord(title)} && git push -u origin {branchName}";
        if (!open)
        {
            console.MarkupLine($"Next: commit the change on a branch and open a merge request: [grey]{Markup.Escape(manual)}[/]");
            if (notConfigured is not null && Interactive)
            {
                console.MarkupLine($"[grey]To open it from here next time: {Markup.Escape(notConfigured.Hint ?? notConfigured.Message)}[/]");
            }

            return App.Success;
        }

        var retry = $"The local change is kept ({display} and {settings.Out}/); nothing was left on the remote. Retry: fix the cause, then commit and push it yourself ({manual}).";
        if (remote is null)
        {
            RemotePrinter.Print(console, notConfigured!, retry);
            return RemoteFailed;
        }

        var request = new ChangeRequest(branchName, title, $"{title}\n\nOpened by `werkbank`.\n\n{preview.Plan}", applied.Files);
        try
        {
            var url = remote.OpenAsync(request).GetAwaiter().GetResult();
            console.MarkupLine($"[green]opened[/] {Markup.Escape(url)}");
            return App.Success;
        }
        catch (RemoteException ex)
        {
            RemotePrinter.Print(console, ex.Diagnostic, retry);
            return RemoteFailed;
        }
    }
}
