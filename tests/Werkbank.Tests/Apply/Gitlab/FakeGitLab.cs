using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Apply.Gitlab;

/// <summary>
/// A GitLab on 127.0.0.1 that keeps groups, members and users in memory and answers the REST v4 calls
/// `apply gitlab` makes, like GitLab does: 404 for an unknown group path, pages of <see cref="PageSize"/>
/// with X-Next-Page, 409 for an existing member, 401 for a wrong token. Every request is recorded.
/// </summary>
public sealed class FakeGitLab : IDisposable
{
    public const string Token = "glpat-admin";

    private readonly FakeApiServer server;
    private readonly Lock gate = new();
    private long nextId = 100;

    public FakeGitLab()
    {
        server = new FakeApiServer(Handle);
    }

    public sealed record Group(long Id, string FullPath, long? ParentId, string Name, string Visibility);

    public sealed record User(long Id, string Username, string State);

    public Uri Url => server.Url;

    public List<Group> Groups { get; } = [];

    public List<User> Users { get; } = [];

    /// <summary>Direct members: group id -> user id -> access level.</summary>
    public Dictionary<long, Dictionary<long, int>> Members { get; } = [];

    /// <summary>GitLab's page size; the real one honours per_page (at most 100), a small value here exercises paging.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Overrides the answer to a request (failures); null lets the fake answer.</summary>
    public Func<FakeApiServer.Request, FakeApiServer.Response?>? Fail { get; set; }

    public IEnumerable<FakeApiServer.Request> Requests => server.Requests;

    public IEnumerable<FakeApiServer.Request> Writes => server.Requests.Where(r => r.Method != "GET");

    public User AddUser(string username, string state = "active")
    {
        var user = new User(nextId++, username, state);
        Users.Add(user);
        return user;
    }

    public Group AddGroup(string fullPath, long? parentId = null)
    {
        var group = new Group(nextId++, fullPath, parentId, fullPath.Split('/')[^1], "private");
        Groups.Add(group);
        Members[group.Id] = [];
        return group;
    }

    public int? LevelOf(string group, string username) =>
        Groups.SingleOrDefault(g => g.FullPath == group) is { } g && Users.SingleOrDefault(u => u.Username == username) is { } u
            && Members[g.Id].TryGetValue(u.Id, out var level) ? level : null;

    public void Dispose() => server.Dispose();

    private FakeApiServer.Response Handle(FakeApiServer.Request request)
    {
        lock (gate)
        {
            if (Fail?.Invoke(request) is { } failed)
            {
                return failed;
            }

            if (request.Token != Token)
            {
                return new(401, """{"message":"401 Unauthorized"}""");
            }

            var split = request.Path.Split('?', 2);
            var query = HttpUtility.ParseQueryString(split.Length > 1 ? split[1] : string.Empty);
            var parts = split[0].Split('/', StringSplitOptions.RemoveEmptyEntries)[2..];
            var body = request.Body.Length > 0 ? JsonNode.Parse(request.Body)!.AsObject() : [];
            return (request.Method, parts) switch
            {
                ("GET", ["groups", var key]) => FindGroup(Uri.UnescapeDataString(key)) is { } g ? Ok(GroupJson(g)) : NotFound(),
                ("POST", ["groups"]) => CreateGroup(body),
                ("GET", ["groups", var id, "members"]) => Page([.. Members[long.Parse(id, CultureInfo.InvariantCulture)]
                    .Select(m => (JsonNode)MemberJson(Users.Single(u => u.Id == m.Key), m.Value))], query["page"]),
                ("POST", ["groups", var id, "members"]) => AddMember(long.Parse(id, CultureInfo.InvariantCulture), body),
                ("PUT", ["groups", var id, "members", var uid]) => SetLevel(long.Parse(id, CultureInfo.InvariantCulture), long.Parse(uid, CultureInfo.InvariantCulture), body),
                ("DELETE", ["groups", var id, "members", var uid]) =>
                    Members[long.Parse(id, CultureInfo.InvariantCulture)].Remove(long.Parse(uid, CultureInfo.InvariantCulture)) ? new(204, string.Empty) : NotFound(),
                ("GET", ["users"]) => Ok(new JsonArray([.. Users.Where(u => u.Username == query["username"]).Select(u => (JsonNode)UserJson(u))])),
                ("POST", ["users", var id, var verb and ("block" or "unblock")]) => SetState(long.Parse(id, CultureInfo.InvariantCulture), verb == "block" ? "blocked" : "active"),
                _ => NotFound(),
            };
        }
    }

    private Group? FindGroup(string key) =>
        long.TryParse(key, CultureInfo.InvariantCulture, out var id) ? Groups.SingleOrDefault(g => g.Id == id) : Groups.SingleOrDefault(g => g.FullPath == key);

    private FakeApiServer.Response CreateGroup(JsonObject body)
    {
        var parentId = body["parent_id"]?.GetValue<long>();
        var parent = parentId is { } p ? Groups.SingleOrDefault(g => g.Id == p) : null;
        if (parentId is not null && parent is null)
        {
            return NotFound();
        }

        var path = body["path"]!.GetValue<string>();
        var fullPath = parent is null ? path : $"{parent.FullPath}/{path}";
        if (Groups.Any(g => g.FullPath == fullPath))
        {
            return new(400, """{"message":{"path":["has already been taken"]}}""");
        }

        var group = new Group(nextId++, fullPath, parentId, body["name"]!.GetValue<string>(), body["visibility"]!.GetValue<string>());
        Groups.Add(group);
        Members[group.Id] = [];
        return new(201, GroupJson(group).ToJsonString());
    }

    private FakeApiServer.Response AddMember(long groupId, JsonObject body)
    {
        var userId = body["user_id"]!.GetValue<long>();
        if (!Members[groupId].TryAdd(userId, body["access_level"]!.GetValue<int>()))
        {
            return new(409, """{"message":"Member already exists"}""");
        }

        return new(201, MemberJson(Users.Single(u => u.Id == userId), Members[groupId][userId]).ToJsonString());
    }

    private FakeApiServer.Response SetLevel(long groupId, long userId, JsonObject body)
    {
        if (!Members[groupId].ContainsKey(userId))
        {
            return NotFound();
        }

        Members[groupId][userId] = body["access_level"]!.GetValue<int>();
        return Ok(MemberJson(Users.Single(u => u.Id == userId), Members[groupId][userId]));
    }

    private FakeApiServer.Response SetState(long userId, string state)
    {
        var index = Users.FindIndex(u => u.Id == userId);
        if (index < 0)
        {
            return NotFound();
        }

        Users[index] = Users[index] with { State = state };
        return new(201, "true");
    }

    private FakeApiServer.Response Page(List<JsonNode> items, string? page)
    {
        var number = int.Parse(page ?? "1", CultureInfo.InvariantCulture);
        var slice = new JsonArray([.. items.Skip((number - 1) * PageSize).Take(PageSize).Select(n => n.DeepClone())]);
        var next = number * PageSize < items.Count ? (number + 1).ToString(CultureInfo.InvariantCulture) : string.Empty;
        return new(200, slice.ToJsonString(), new Dictionary<string, string> { ["X-Next-Page"] = next, ["X-Page"] = number.ToString(CultureInfo.InvariantCulture) });
    }

    private static FakeApiServer.Response Ok(JsonNode body) => new(200, body.ToJsonString());

    private static FakeApiServer.Response NotFound() => new(404, """{"message":"404 Not found"}""");

    private static JsonObject GroupJson(Group g) => new() { ["id"] = g.Id, ["full_path"] = g.FullPath, ["name"] = g.Name, ["parent_id"] = g.ParentId, ["visibility"] = g.Visibility };

    private static JsonObject MemberJson(User u, int level) => new() { ["id"] = u.Id, ["username"] = u.Username, ["state"] = u.State, ["access_level"] = level };

    private static JsonObject UserJson(User u) => new() { ["id"] = u.Id, ["username"] = u.Username, ["state"] = u.State };
}
