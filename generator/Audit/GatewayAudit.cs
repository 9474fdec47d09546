using System.Globalization;
using System.Text.RegularExpressions;
using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Targets.Traefik;

namespace Werkbank.Audit;

/// <summary>
/// The gateway: which hosts it routes (nothing the inventory lacks), who gets through to each service
/// (user by user, from the file's own rules) and at which rate.
/// </summary>
internal static partial class GatewayAudit
{
    [GeneratedRegex(@"^Host\(`([^`]+)`\)$")]
    private static partial Regex EdgeRule();

    [GeneratedRegex(@"^Host\(`([^`]+)`\) && HeaderRegexp\(`X-Auth-Request-Groups`, `\(\^\|,\)\\s\*role:([a-z0-9-]+)\\s\*\(,\|\$\)`\)$")]
    private static partial Regex AccessRule();

    /// <summary>Per host: may a role pass, and at which per-minute limit (null: unlimited).</summary>
    private sealed record HostRules(bool Public, Dictionary<string, int?> Roles);

    public static void CheckTraefik(PlatformModel model, object? root, RealmAccess realm, Findings findings)
    {
        var http = Tree.Map(root, "http");
        var routers = Tree.Map(http, "routers");
        var middlewares = Tree.Map(http, "middlewares");
        var hosts = new Dictionary<string, HostRules>(StringComparer.Ordinal);
        var accessRoles = new Dictionary<string, Dictionary<string, int?>>(StringComparer.Ordinal);
        foreach (var (name, router) in routers)
        {
            var rule = Tree.Str(router, "rule") ?? string.Empty;
            var entry = Tree.Strings(router, "entryPoints").ToList();
            var chain = Tree.Strings(router, "middlewares").ToList();
            if (AccessRule().Match(rule) is { Success: true } access && entry.SequenceEqual([TraefikTarget.AccessEntryPoint]))
            {
                var limits = accessRoles.TryGetValue(access.Groups[1].Value, out var l) ? l : accessRoles[access.Groups[1].Value] = new(StringComparer.Ordinal);
                limits[access.Groups[2].Value] = RateLimit(middlewares, chain, findings, name);
                continue;
            }

            if (rule.Contains("PathPrefix(`/oauth2/`)", StringComparison.Ordinal) && Tree.Str(router, "service") == "oauth2-proxy")
            {
                continue;
            }

            if (EdgeRule().Match(rule) is not { Success: true } edge || !entry.SequenceEqual(["websecure"]))
            {
                findings.Add($"router {name}", $"has a rule or entry point the audit cannot vouch for: {rule}");
                continue;
            }

            if (router is not Dictionary<string, object?> fields || !fields.ContainsKey("tls"))
            {
                findings.Add($"router {name}", "serves without TLS");
            }

            var host = edge.Groups[1].Value;
            var auth = chain.Select(m => Tree.Map(Tree.Map(middlewares, m), "forwardAuth")).FirstOrDefault(f => f.Count > 0);
            if (auth is null)
            {
                hosts[host] = new HostRules(true, []);
                continue;
            }

            if (!chain.Contains("strip-identity", StringComparer.Ordinal) || chain.IndexOf("strip-identity") > chain.FindIndex(m => Tree.Map(Tree.Map(middlewares, m), "forwardAuth").Count > 0))
            {
                findings.Add($"router {name}", "does not strip client-sent identity headers before forwardAuth");
            }

            if (Tree.Str(router, "service") != "access-layer")
            {
                findings.Add($"router {name}", "bypasses the access layer: role checks and rate limits do not apply");
            }

            var allowed = AllowedGroups(Tree.Str(auth, "address") ?? string.Empty);
            hosts[host] = new HostRules(false, allowed.ToDictionary(r => r, _ => (int?)null, StringComparer.Ordinal));
        }

        var reach = new Dictionary<string, HostRules>(StringComparer.Ordinal);
        foreach (var (host, rules) in hosts)
        {
            if (rules.Public)
            {
                reach[host] = rules;
                continue;
            }

            // A role passes when the forwardAuth admits it AND an access router routes it.
            var layer = accessRoles.GetValueOrDefault(host) ?? [];
            reach[host] = new HostRules(false, rules.Roles.Keys.Where(layer.ContainsKey).ToDictionary(r => r, r => layer[r], StringComparer.Ordinal));
        }

        CompareReach(model, reach, user => realm.CanLogIn(user.Name), (user, host) => reach[host].Roles.GetValueOrDefault(user.Role), findings);
    }

    public static void CheckKong(PlatformModel model, object? root, Findings findings)
    {
        var consumers = Tree.Maps(root, "consumers").ToDictionary(c => Tree.Str(c, "username") ?? string.Empty, StringComparer.Ordinal);
        findings.CompareSets("consumers", "a consumer to", model.ActiveUsers.Select(u => u.Name), consumers.Keys);
        var groups = consumers.ToDictionary(c => c.Key, c => Tree.Maps(c.Value, "acls").Select(a => Tree.Str(a, "group") ?? string.Empty).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (name, consumer) in consumers)
        {
            var secrets = Tree.Maps(consumer, "jwt_secrets").ToList();
            if (secrets.Any(s => Tree.Str(s, "key") != name || Tree.Str(s, "algorithm") != "RS256"))
            {
                findings.Add(AccessAudit.Subject(name), "has a JWT credential that is not its own RS256 key: another user's token could act as this consumer");
            }

            if (model.User(name) is { } user)
            {
                findings.CompareSets(AccessAudit.Subject(name), "ACL group", [AccessNames.RoleAcl(user.Role), .. user.Teams.Select(AccessNames.TeamAcl)], groups[name]);
            }
        }

        var limits = RateLimits(root);
        var reach = new Dictionary<string, HostRules>(StringComparer.Ordinal);
        var serviceOfHost = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in Tree.Maps(root, "services"))
        {
            var name = Tree.Str(service, "name") ?? string.Empty;
            var plugins = Tree.Maps(service, "plugins").ToList();
            var jwt = plugins.FirstOrDefault(p => Tree.Str(p, "name") == "jwt");
            var acl = plugins.FirstOrDefault(p => Tree.Str(p, "name") == "acl");
            if (jwt is not null && Tree.Str(Tree.Map(jwt, "config"), "key_claim_name") != "preferred_username")
            {
                findings.Add($"service {name}", "the jwt plugin does not map tokens to consumers by preferred_username");
            }

            var allow = Tree.Strings(Tree.Map(acl, "config"), "allow").ToHashSet(StringComparer.Ordinal);
            var isPublic = jwt is null && acl is null;
            if (!isPublic && (jwt is null || acl is null))
            {
                findings.Add($"service {name}", "has only one of the jwt and acl plugins: either anyone with a token or anyone at all gets in");
            }

            foreach (var host in Tree.Maps(service, "routes").SelectMany(r => Tree.Strings(r, "hosts")))
            {
                serviceOfHost[host] = name;
                reach[host] = new HostRules(isPublic, consumers.Keys
                    .Where(c => !isPublic && groups[c].Overlaps(allow))
                    .ToDictionary(c => c, c => limits.GetValueOrDefault((c, name)) ?? limits.GetValueOrDefault((c, null)), StringComparer.Ordinal));
            }
        }

        CompareReach(model, reach, user => consumers.ContainsKey(user.Name), (user, host) => reach[host].Roles.GetValueOrDefault(user.Name), findings, byUser: true);
    }

    /// <summary>Routes must be exactly the inventory's; then every user's way through each protected host is compared with the model.</summary>
    private static void CompareReach(PlatformModel model, Dictionary<string, HostRules> reach, Func<UserModel, bool> canLogIn,
        Func<UserModel, string, int?> limitOf, Findings findings, bool byUser = false)
    {
        var routes = GatewayRoutes.For(model).ToDictionary(r => r.Host, StringComparer.Ordinal);
        findings.CompareSets("routes", "a route for host", routes.Keys, reach.Keys);
        foreach (var (host, route) in routes)
        {
            if (!reach.TryGetValue(host, out var rules))
            {
                continue;
            }

            if (rules.Public != route.Public)
            {
                findings.Add($"host {host}", rules.Public ? "is open without login, the inventory wants a login" : "asks for a login, the inventory marks it public");
                continue;
            }

            if (route.Public)
            {
                continue;
            }

            foreach (var user in model.Users)
            {
                var passes = canLogIn(user) && (byUser ? rules.Roles.ContainsKey(user.Name) : rules.Roles.ContainsKey(user.Role));
                var intended = AccessAudit.Intended(user, route.Service) != AccessLevel.None;
                if (passes != intended)
                {
                    findings.Add(AccessAudit.Subject(user.Name, route.Service), passes ? "the gateway lets the user in, the inventory does not" : "the gateway keeps the user out, the inventory lets them in");
                }
                else if (passes && limitOf(user, host) != model.Role(user.Role).RateLimitFor(route.Service))
                {
                    findings.Add(AccessAudit.Subject(user.Name, route.Service),
                        $"rate limit at the gateway is {Show(limitOf(user, host))}/min, the inventory says {Show(model.Role(user.Role).RateLimitFor(route.Service))}/min");
                }
            }
        }
    }

    private static string Show(int? limit) => limit?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";

    private static IEnumerable<string> AllowedGroups(string address)
    {
        var query = address.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? address[(q + 1)..] : string.Empty;
        var groups = query.Split('&').Where(p => p.StartsWith("allowed_groups=", StringComparison.Ordinal))
            .SelectMany(p => Uri.UnescapeDataString(p["allowed_groups=".Length..]).Split(','));
        return groups.Where(g => g.StartsWith("role:", StringComparison.Ordinal)).Select(g => g["role:".Length..]);
    }

    /// <summary>The per-minute limit of a router's rateLimit middleware, keyed per user; a limit keyed otherwise is a finding.</summary>
    private static int? RateLimit(Dictionary<string, object?> middlewares, List<string> chain, Findings findings, string router)
    {
        foreach (var name in chain)
        {
            var limit = Tree.Map(Tree.Map(middlewares, name), "rateLimit");
            if (limit.Count == 0)
            {
                continue;
            }

            if (Tree.Str(Tree.Map(limit, "sourceCriterion"), "requestHeaderName") != TraefikTarget.UserHeader)
            {
                findings.Add($"router {router}", $"rate limit {name} is not counted per user");
            }

            var average = Tree.Int(limit, "average") ?? 0;
            return Tree.Str(limit, "period") switch
            {
                "1m" or "60s" => average,
                "1s" => average * 60,
                var other => throw new InvalidCastException($"rate limit {name} has a period the audit does not know: {other}"),
            };
        }

        return null;
    }

    private static Dictionary<(string Consumer, string? Service), int?> RateLimits(object? root)
    {
        var limits = new Dictionary<(string, string?), int?>();
        foreach (var plugin in Tree.Maps(root, "plugins").Where(p => Tree.Str(p, "name") == "rate-limiting"))
        {
            if (Tree.Str(plugin, "consumer") is { } consumer)
            {
                limits[(consumer, Tree.Str(plugin, "service"))] = Tree.Int(Tree.Map(plugin, "config"), "minute");
            }
        }

        return limits;
    }
}
