using System.Net;
using System.Text.Json.Nodes;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring.Remote;

/// <summary>
/// Opens a merge request through GitLab's REST API v4: create the branch, commit every file in one
/// commit (repository/commits with actions), open the merge request. If a step after the branch
/// fails, the branch is deleted again, so nothing half-done stays on GitLab.
/// </summary>
public sealed class GitLabRemote(HttpClient http, Uri serverUrl, string token, string project) : IChangeRequestRemote
{
    public const string TokenVariable = "GITLAB_TOKEN";

    private readonly GitLabApi api = new(http, serverUrl, token);

    public string Name => api.Name;

    private string ProjectPath => $"api/v4/projects/{Uri.EscapeDataString(project)}";

    public async Task<string> OpenAsync(ChangeRequest request, CancellationToken cancellationToken = default)
    {
        var projectInfo = await SendAsync(HttpMethod.Get, ProjectPath, null, "read the project", $"the project '{project}'", cancellationToken);
        var target = projectInfo?["default_branch"]?.GetValue<string>() ?? "main";
        await SendAsync(HttpMethod.Post, $"{ProjectPath}/repository/branches?branch={Uri.EscapeDataString(request.Branch)}&ref={Uri.EscapeDataString(target)}",
            null, "create the branch", $"the branch '{target}'", cancellationToken, branch: request.Branch);
        try
        {
            var actions = new JsonArray([.. request.Files.Select(Action)]);
            var commit = new JsonObject { ["branch"] = request.Branch, ["commit_message"] = request.CommitMessage, ["actions"] = actions };
            await SendAsync(HttpMethod.Post, $"{ProjectPath}/repository/commits", commit, "commit the files", $"the branch '{request.Branch}'", cancellationToken);
            var mr = new JsonObject
            {
                ["source_branch"] = request.Branch,
                ["target_branch"] = target,
                ["title"] = request.Title,
                ["description"] = request.Description,
                ["remove_source_branch"] = true,
            };
            var opened = await SendAsync(HttpMethod.Post, $"{ProjectPath}/merge_requests", mr, "open the merge request", "merge requests of this project", cancellationToken);
            return opened?["web_url"]?.GetValue<string>() ?? $"{api.ServerUrl.ToString().TrimEnd('/')}/{project}/-/merge_requests";
        }
        catch (RemoteException)
        {
            await DeleteBranchAsync(request.Branch);
            throw;
        }
    }

    /// <summary>Marks the plan note, so that the next pipeline updates it instead of adding another.</summary>
    public const string NoteMarker = "<!-- werkbank-plan -->";

    /// <summary>Puts the plan on a merge request: updates the note an earlier pipeline posted, else adds one.</summary>
    public async Task PostNoteAsync(string mergeRequestIid, string body, CancellationToken cancellationToken = default)
    {
        var notes = $"{ProjectPath}/merge_requests/{Uri.EscapeDataString(mergeRequestIid)}/notes";
        var what = $"merge request !{mergeRequestIid}";
        var text = $"{NoteMarker}\n{body}";
        var existing = await SendAsync(HttpMethod.Get, $"{notes}?per_page=100&sort=asc", null, "list the notes", what, cancellationToken);
        var earlier = (existing as JsonArray)?.FirstOrDefault(n => n?["body"]?.GetValue<string>().StartsWith(NoteMarker, StringComparison.Ordinal) == true);
        if (earlier?["id"] is { } id)
        {
            await SendAsync(HttpMethod.Put, $"{notes}/{id.ToJsonString()}", new JsonObject { ["body"] = text }, "update the note", what, cancellationToken);
            return;
        }

        await SendAsync(HttpMethod.Post, notes, new JsonObject { ["body"] = text }, "add the note", what, cancellationToken);
    }

    private Task DeleteBranchAsync(string branch) =>
        api.TrySendAsync(HttpMethod.Delete, $"{ProjectPath}/repository/branches/{Uri.EscapeDataString(branch)}");

    private static JsonObject Action(FileChange file)
    {
        var action = new JsonObject
        {
            ["action"] = file.Action.ToString().ToLowerInvariant(),
            ["file_path"] = file.Path,
        };
        if (file.Content is { } content)
        {
            action["content"] = Convert.ToBase64String(content);
            action["encoding"] = "base64";
        }

        return action;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, string step, string what,
        CancellationToken cancellationToken, string? branch = null)
    {
        var response = await api.SendAsync(method, path, body, cancellationToken);
        if (response.IsSuccess)
        {
            return response.Body;
        }

        var detail = response.Error;
        var at = DiagnosticBuilder.At(SourceSpan.None);
        throw new RemoteException(response.Status switch
        {
            HttpStatusCode.Unauthorized => at.RemoteUnauthorized(Name, TokenVariable),
            HttpStatusCode.NotFound => at.RemoteNotFound(Name, what),
            // GitLab answers 400 "Branch already exists" (some versions 409).
            HttpStatusCode.Conflict when branch is not null => at.RemoteBranchExists(Name, branch),
            HttpStatusCode.BadRequest when branch is not null && detail.Contains("already exists", StringComparison.OrdinalIgnoreCase)
                => at.RemoteBranchExists(Name, branch),
            _ => at.RemoteFailed(Name, step, (int)response.Status, detail),
        });
    }
}
