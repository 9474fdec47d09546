using System.Net;
using Octokit;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring.Remote;

/// <summary>
/// Opens a pull request on GitHub through Octokit. The commit is built first with the Git data API
/// (tree and commit objects, invisible until referenced), then the branch is created pointing at it
/// and the pull request opened; if opening fails, the branch is deleted again.
/// </summary>
public sealed class GitHubRemote(Uri apiUrl, string token, string owner, string repository) : IChangeRequestRemote
{
    public const string TokenVariable = "GITHUB_TOKEN";

    private readonly GitHubClient client = new(new ProductHeaderValue("werkbank"), apiUrl) { Credentials = new Credentials(token) };

    public string Name => apiUrl.Host == "api.github.com" ? "GitHub" : $"GitHub at {apiUrl.GetLeftPart(UriPartial.Authority)}";

    public async Task<string> OpenAsync(ChangeRequest request, CancellationToken cancellationToken = default)
    {
        var repo = await Call(() => client.Repository.Get(owner, repository), "read the repository", $"the repository '{owner}/{repository}'");
        var target = repo.DefaultBranch;
        var head = await Call(() => client.Git.Reference.Get(owner, repository, $"heads/{target}"), "read the default branch", $"the branch '{target}'");
        var parent = await Call(() => client.Git.Commit.Get(owner, repository, head.Object.Sha), "read the head commit", $"commit {head.Object.Sha}");
        var tree = await Call(() => client.Git.Tree.GetRecursive(owner, repository, parent.Tree.Sha), "read the tree", "the tree of the default branch");
        if (tree.Truncated)
        {
            throw new RemoteException(DiagnosticBuilder.At(SourceSpan.None).RemoteFailed(Name, "list the repository", 200, "the tree is too large for one listing"));
        }

        // A whole new tree (no base_tree): the only way through Octokit to also delete files.
        var changed = request.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var newTree = new NewTree();
        foreach (var item in tree.Tree.Where(i => i.Type.Value != TreeType.Tree && !changed.ContainsKey(i.Path)))
        {
            newTree.Tree.Add(new NewTreeItem { Path = item.Path, Mode = item.Mode, Type = item.Type.Value, Sha = item.Sha });
        }

        foreach (var file in request.Files.Where(f => f.Action != FileAction.Delete))
        {
            var blob = await Call(() => client.Git.Blob.Create(owner, repository, new NewBlob { Content = Convert.ToBase64String(file.Content ?? []), Encoding = EncodingType.Base64 }),
                "store a file", file.Path);
            newTree.Tree.Add(new NewTreeItem { Path = file.Path, Mode = "100644", Type = TreeType.Blob, Sha = blob.Sha });
        }

        var createdTree = await Call(() => client.Git.Tree.Create(owner, repository, newTree), "write the tree", "the repository");
        var commit = await Call(() => client.Git.Commit.Create(owner, repository, new NewCommit(request.CommitMessage, createdTree.Sha, parent.Sha)),
            "commit the files", "the repository");
        await Call(() => client.Git.Reference.Create(owner, repository, new NewReference($"refs/heads/{request.Branch}", commit.Sha)),
            "create the branch", $"the repository '{owner}/{repository}'", branch: request.Branch);
        try
        {
            var pull = await Call(() => client.PullRequest.Create(owner, repository, new NewPullRequest(request.Title, request.Branch, target) { Body = request.Description }),
                "open the pull request", "pull requests of this repository");
            return pull.HtmlUrl;
        }
        catch (RemoteException)
        {
            try
            {
                await client.Git.Reference.Delete(owner, repository, $"heads/{request.Branch}");
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException)
            {
                // best effort; the message already says to retry
            }

            throw;
        }
    }

    private async Task<T> Call<T>(Func<Task<T>> call, string step, string what, string? branch = null)
    {
        var at = DiagnosticBuilder.At(SourceSpan.None);
        try
        {
            return await call();
        }
        catch (AuthorizationException)
        {
            throw new RemoteException(at.RemoteUnauthorized(Name, TokenVariable));
        }
        catch (NotFoundException)
        {
            throw new RemoteException(at.RemoteNotFound(Name, what));
        }
        catch (ApiException ex) when (branch is not null && (ex.StatusCode == HttpStatusCode.Conflict
            || (ex.StatusCode == HttpStatusCode.UnprocessableEntity && ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))))
        {
            throw new RemoteException(at.RemoteBranchExists(Name, branch));
        }
        catch (ApiException ex)
        {
            throw new RemoteException(at.RemoteFailed(Name, step, (int)ex.StatusCode, GitLabApi.OneLine(ex.Message)));
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteException(at.RemoteUnreachable(Name, ex.Message));
        }
        catch (TaskCanceledException)
        {
            throw new RemoteException(at.RemoteUnreachable(Name, "the request timed out"));
        }
    }
}
