using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Werkbank.Authoring.Remote;
using Werkbank.Diagnostics;

namespace Werkbank.Apply.Gitlab;

/// <summary>A group as GitLab reports it.</summary>
public sealed record LiveGroup(long Id, string FullPath);

/// <summary>A direct member of a group (inherited members are not listed).</summary>
public sealed record LiveMember(long Id, string Username, int AccessLevel, string State);

/// <summary>A user account; <see cref="State"/> is active, blocked, ldap_blocked, deactivated, ...</summary>
public sealed record LiveUser(long Id, string Username, string State);

/// <summary>
/// The few GitLab REST v4 calls `apply gitlab` makes, over the shared <see cref="GitLabApi"/> (retries,
/// pagination, error text). Every failure becomes a <see cref="RemoteException"/> with one line:
/// INV0616 401, INV0617 403, INV0618 404, INV0619 5xx after the retries, INV0613 network, INV0614 others.
/// </summary>
public sealed class GitLabGroupsClient(GitLabApi api)
{
    public const int Owner = 50;

    public string Name => api.Name;

    public async Task<LiveGroup?> FindGroupAsync(string path, CancellationToken cancellationToken)
    {
        var response = await api.SendAsync(HttpMethod.Get, $"api/v4/groups/{Uri.EscapeDataString(path)}?with_projects=false", null, cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = Check(response, "read the group", $"the group '{path}'");
        return new LiveGroup(Id(body), body?["full_path"]?.GetValue<string>() ?? path);
    }

    public async Task<IReadOnlyList<LiveMember>> MembersAsync(LiveGroup group, CancellationToken cancellationToken)
    {
        var (items, failed) = await api.GetAllAsync($"api/v4/groups/{group.Id.ToString(CultureInfo.InvariantCulture)}/members", cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            Check(failed, "list the members", $"the members of '{group.FullPath}'");
        }

        return [.. items.Select(m => new LiveMember(Id(m), m["username"]!.GetValue<string>(), m["access_level"]!.GetValue<int>(),
            m["state"]?.GetValue<string>() ?? "active"))];
    }

    public async Task<LiveUser?> FindUserAsync(string username, CancellationToken cancellationToken)
    {
        var response = await api.SendAsync(HttpMethod.Get, $"api/v4/users?username={Uri.EscapeDataString(username)}", null, cancellationToken).ConfigureAwait(false);
        var users = Check(response, "look up users", $"the user '{username}'") as JsonArray ?? [];
        return users.OfType<JsonNode>()
            .Where(u => string.Equals(u["username"]?.GetValue<string>(), username, StringComparison.OrdinalIgnoreCase))
            .Select(u => new LiveUser(Id(u), username, u["state"]?.GetValue<string>() ?? "active"))
            .FirstOrDefault();
    }

    public async Task<LiveGroup> CreateGroupAsync(string fullPath, string name, long? parentId, string visibility, string? description, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["path"] = fullPath[(fullPath.LastIndexOf('/') + 1)..],
            ["visibility"] = visibility,
        };
        if (parentId is { } parent)
        {
            body["parent_id"] = parent;
        }

        if (!string.IsNullOrEmpty(description))
        {
            body["description"] = description;
        }

        var response = await api.SendAsync(HttpMethod.Post, "api/v4/groups", body, cancellationToken).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.BadRequest && response.Error.Contains("taken", StringComparison.OrdinalIgnoreCase)
            && await FindGroupAsync(fullPath, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing; // an earlier attempt got through before its answer was lost
        }

        var created = Check(response, $"create the group '{fullPath}'", parentId is null ? "the groups API" : $"the parent group of '{fullPath}'");
        return new LiveGroup(Id(created), created?["full_path"]?.GetValue<string>() ?? fullPath);
    }

    public async Task AddMemberAsync(LiveGroup group, long userId, int level, CancellationToken cancellationToken)
    {
        var response = await api.SendAsync(HttpMethod.Post, $"{Members(group)}", new JsonObject { ["user_id"] = userId, ["access_level"] = level }, cancellationToken)
            .ConfigureAwait(false);
        if (response.Status != HttpStatusCode.Conflict)
        {
            Check(response, $"add a member to '{group.FullPath}'", $"the group '{group.FullPath}' or user {userId}");
        }
    }

    public async Task ChangeMemberAsync(LiveGroup group, long userId, int level, CancellationToken cancellationToken) =>
        Check(await api.SendAsync(HttpMethod.Put, $"{Members(group)}/{userId.ToString(CultureInfo.InvariantCulture)}", new JsonObject { ["access_level"] = level }, cancellationToken)
            .ConfigureAwait(false), $"change a member of '{group.FullPath}'", $"member {userId} of '{group.FullPath}'");

    public async Task RemoveMemberAsync(LiveGroup group, long userId, CancellationToken cancellationToken)
    {
        var response = await api.SendAsync(HttpMethod.Delete, $"{Members(group)}/{userId.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.NotFound)
        {
            Check(response, $"remove a member from '{group.FullPath}'", $"member {userId} of '{group.FullPath}'");
        }
    }

    public async Task SetBlockedAsync(LiveUser user, bool blocked, CancellationToken cancellationToken)
    {
        var verb = blocked ? "block" : "unblock";
        Check(await api.SendAsync(HttpMethod.Post, $"api/v4/users/{user.Id.ToString(CultureInfo.InvariantCulture)}/{verb}", null, cancellationToken).ConfigureAwait(false),
            $"{verb} the user '{user.Username}'", $"the user '{user.Username}'");
    }

    private static string Members(LiveGroup group) => $"api/v4/groups/{group.Id.ToString(CultureInfo.InvariantCulture)}/members";

    private static long Id(JsonNode? node) => node?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("GitLab answered without an id");

    private JsonNode? Check(GitLabResponse response, string step, string what)
    {
        if (response.IsSuccess)
        {
            return response.Body;
        }

        var at = DiagnosticBuilder.At(SourceSpan.None);
        throw new RemoteException(response.Status switch
        {
            HttpStatusCode.Unauthorized => at.ApplyGitlabUnauthorized(Name),
            HttpStatusCode.Forbidden => at.ApplyGitlabForbidden(Name, step, response.Error),
            HttpStatusCode.NotFound => at.ApplyGitlabNotFound(Name, what),
            var status when GitLabApi.IsTransient(status) => at.ApplyGitlabUnavailable(Name, step, (int)status, response.Attempts, response.Error),
            var status => at.RemoteFailed(Name, step, (int)status, response.Error),
        });
    }
}
