using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Tls;

namespace Werkbank.Targets.Traefik;

/// <summary>
/// out/traefik/dynamic.yml (file provider), traefik.yml (static: entry points) and oauth2-proxy.cfg, when
/// platform.gateway is traefik. Traefik OSS has no JWT middleware and routes before any middleware runs,
/// so access is enforced in two hops inside Traefik:
/// 1. edge router per host on <c>websecure</c> (TLS, HSTS/nosniff headers): strip identity headers a client
///    may send, then forwardAuth to oauth2-proxy's /oauth2/auth with <c>allowed_groups</c> = the roles that may
///    use the service (oauth2-proxy's keycloak-oidc provider lists realm roles as <c>role:&lt;name&gt;</c>);
///    it answers 401 (-> sign-in page) or 403, or 202 with X-Auth-Request-User/-Groups, which Traefik copies
///    onto the request, and forwards it to its own loopback entry point <c>access</c>;
/// 2. one access router per (host, role) matches <c>HeaderRegexp(X-Auth-Request-Groups, role:&lt;role&gt;)</c>
///    and applies that role's rateLimit, keyed per user by <c>sourceCriterion.requestHeaderName:
///    X-Auth-Request-User</c>. A role without access has no access router (404) and is already refused by step 1.
/// Default deny: a host or path that is not in the inventory matches no router and gets Traefik's 404.
/// </summary>
public sealed class TraefikTarget : ITarget
{
    public const string AccessEntryPoint = "access";
    public const string AccessAddress = "127.0.0.1:8082";
    public static readonly string ProxyUrl = $"http://{ServiceEndpoints.OAuth2ProxyName}:{ServiceEndpoints.OAuth2ProxyPort}";
    public const string UserHeader = "X-Auth-Request-User";
    public const string GroupsHeader = "X-Auth-Request-Groups";

    private static readonly string[] IdentityHeaders =
        [UserHeader, "X-Auth-Request-Email", GroupsHeader, "X-Auth-Request-Preferred-Username", "X-Auth-Request-Access-Token", "Authorization-Werkbank"];

    public string Name => "traefik";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (model.Platform.Gateway != GatewayKind.Traefik)
        {
            return;
        }

        var routes = GatewayRoutes.For(model);
        var sources = model.Roles.Select(r => Source.Role(r.Name)).Concat(model.Services.Select(s => Source.Service(s.Name))).Append(Source.Platform).ToList();
        output.Add(OutputFile.Serialized("traefik/dynamic.yml", YamlText.Serialize(Dynamic(model, routes), Header), sources));
        output.Add(OutputFile.Serialized("traefik/traefik.yml", YamlText.Serialize(Static(), StaticHeader), Source.Platform));
        var proxy = new OAuth2ProxyView(AccessNames.Issuer(model), AccessNames.GatewayClient(GatewayKind.Traefik), "." + model.Platform.Domain)
        {
            CaFile = model.Platform.InternalCa.IsEmpty ? null : GatewayTls.ContainerCaFile,
        };
        output.Add(context.Templates.RenderFile("traefik/oauth2-proxy.cfg", "traefik/oauth2-proxy.cfg.sbn", proxy, Source.Platform));
    }

    private const string Header =
        "# Traefik v3 dynamic configuration, rendered by Werkbank from the inventory: do not edit.\n" +
        "# Edge routers (entry point websecure) log users in through oauth2-proxy and admit the roles that may use\n" +
        "# the service; access routers (entry point access, loopback only) apply each role's rate limit per user.";

    private const string StaticHeader = "# Traefik v3 static configuration, rendered by Werkbank: entry points and the file provider.";

    public static string AccessRouter(string service, string role) => $"{service}.{role}";

    public static string RateLimitName(string role, string? service) => service is null ? $"ratelimit.{role}" : $"ratelimit.{role}.{service}";

    public static string AuthMiddleware(string service) => $"auth.{service}";

    public static string RoleMatcher(string role) => $"HeaderRegexp(`{GroupsHeader}`, `(^|,)\\s*{AccessNames.ProxyRoleGroup(role)}\\s*(,|$)`)";

    private static OrderedDictionary<string, object?> Dynamic(PlatformModel model, IReadOnlyList<GatewayRoute> routes)
    {
        var routers = YamlText.Map();
        var services = YamlText.Map();
        var middlewares = YamlText.Map();
        var protectedHosts = new List<string>();
        foreach (var route in routes)
        {
            var edge = YamlText.Map();
            edge["rule"] = $"Host(`{route.Host}`)";
            edge["entryPoints"] = new[] { "websecure" };
            edge["priority"] = 10;
            if (route.Public)
            {
                edge["middlewares"] = new[] { "security-headers" };
                edge["service"] = route.Service;
            }
            else
            {
                protectedHosts.Add(route.Host);
                edge["middlewares"] = new[] { "security-headers", "strip-identity", "login-redirect", AuthMiddleware(route.Service) };
                edge["service"] = "access-layer";
                middlewares[AuthMiddleware(route.Service)] = ForwardAuth(route);
            }

            edge["tls"] = YamlText.Map();
            routers[route.Service] = edge;
            if (!route.Public)
            {
                foreach (var role in route.Roles)
                {
                    var access = YamlText.Map();
                    access["rule"] = $"Host(`{route.Host}`) && {RoleMatcher(role.Name)}";
                    access["entryPoints"] = new[] { AccessEntryPoint };
                    if (RateLimitFor(role, route.Service) is { } limit)
                    {
                        access["middlewares"] = new[] { limit };
                    }

                    access["service"] = route.Service;
                    routers[AccessRouter(route.Service, role.Name)] = access;
                }
            }

            services[route.Service] = LoadBalancer(route.Upstream);
        }

        if (protectedHosts.Count > 0)
        {
            var proxy = YamlText.Map();
            proxy["rule"] = $"({string.Join(" || ", protectedHosts.Select(h => $"Host(`{h}`)"))}) && PathPrefix(`/oauth2/`)";
            proxy["entryPoints"] = new[] { "websecure" };
            proxy["priority"] = 100;
            proxy["middlewares"] = new[] { "security-headers" };
            proxy["service"] = "oauth2-proxy";
            proxy["tls"] = YamlText.Map();
            routers["oauth2-proxy"] = proxy;
            services["oauth2-proxy"] = LoadBalancer(ProxyUrl);
            services["access-layer"] = LoadBalancer($"http://{AccessAddress}");
        }

        AddSharedMiddlewares(middlewares);
        foreach (var role in model.Roles)
        {
            foreach (var (key, limit) in role.RateLimits)
            {
                middlewares[RateLimitName(role.Name, key == "default" ? null : key)] = RateLimit(limit);
            }
        }

        var http = YamlText.Map();
        http["routers"] = routers;
        http["middlewares"] = Sorted(middlewares);
        http["services"] = services;
        // The certificate for *.<domain>: PEM text, filled in by the apply step (Traefik takes a file's
        // content where it takes its path). It is also the default, for clients that send no SNI.
        var certificate = Pair("certFile", GatewayTls.CertificatePlaceholder, "keyFile", GatewayTls.PrivateKeyPlaceholder);
        var tls = YamlText.Map();
        tls["certificates"] = new[] { certificate };
        tls["stores"] = Single("default", Single("defaultCertificate", certificate));
        tls["options"] = Single("default", Single("minVersion", "VersionTLS12"));
        var root = YamlText.Map();
        root["http"] = http;
        root["tls"] = tls;
        return root;
    }

    /// <summary>The rate-limit middleware of a role for a service: its own limit, else the role's default, else none.</summary>
    public static string? RateLimitFor(RoleModel role, string service) =>
        role.RateLimits.ContainsKey(service) ? RateLimitName(role.Name, service)
        : role.RateLimits.ContainsKey("default") ? RateLimitName(role.Name, null)
        : null;

    private static OrderedDictionary<string, object?> ForwardAuth(GatewayRoute route)
    {
        var groups = string.Join(",", route.Roles.Select(r => AccessNames.ProxyRoleGroup(r.Name)));
        var forward = YamlText.Map();
        forward["address"] = $"{ProxyUrl}/oauth2/auth?allowed_groups={Uri.EscapeDataString(groups)}";
        forward["trustForwardHeader"] = false; // websecure faces clients: their X-Forwarded-* are not to be believed
        forward["authResponseHeaders"] = new[] { UserHeader, "X-Auth-Request-Email", GroupsHeader };
        return Single("forwardAuth", forward);
    }

    private static void AddSharedMiddlewares(OrderedDictionary<string, object?> middlewares)
    {
        var headers = YamlText.Map();
        headers["stsSeconds"] = 31536000;
        headers["stsIncludeSubdomains"] = true;
        headers["forceSTSHeader"] = true;
        headers["contentTypeNosniff"] = true;
        headers["frameDeny"] = true;
        headers["referrerPolicy"] = "same-origin";
        middlewares["security-headers"] = Single("headers", headers);

        // An empty value removes the header: nobody can claim an identity the proxy did not vouch for.
        var strip = YamlText.Map();
        foreach (var header in IdentityHeaders.Order(StringComparer.Ordinal))
        {
            strip[header] = string.Empty;
        }

        middlewares["strip-identity"] = Single("headers", Single("customRequestHeaders", strip));
        var errors = YamlText.Map();
        errors["status"] = new[] { "401" };
        errors["service"] = "oauth2-proxy";
        errors["query"] = "/oauth2/sign_in?rd={url}";
        middlewares["login-redirect"] = Single("errors", errors);
    }

    private static OrderedDictionary<string, object?> RateLimit(int perMinute)
    {
        var limit = YamlText.Map();
        limit["average"] = perMinute;
        limit["period"] = "1m";
        limit["burst"] = perMinute;
        limit["sourceCriterion"] = Single("requestHeaderName", UserHeader);
        return Single("rateLimit", limit);
    }

    private static OrderedDictionary<string, object?> LoadBalancer(string url)
    {
        var balancer = YamlText.Map();
        balancer["servers"] = new[] { Single("url", url) };
        balancer["passHostHeader"] = true;
        return Single("loadBalancer", balancer);
    }

    private static OrderedDictionary<string, object?> Static()
    {
        var entryPoints = YamlText.Map();
        var web = YamlText.Map();
        web["address"] = ":80";
        web["http"] = Single("redirections", Single("entryPoint", Pair("to", "websecure", "scheme", "https")));
        entryPoints["web"] = web;
        entryPoints["websecure"] = Pair("address", ":443", "http", Single("tls", YamlText.Map()));
        entryPoints[AccessEntryPoint] = Single("address", AccessAddress);
        var root = YamlText.Map();
        root["entryPoints"] = entryPoints;
        root["providers"] = Single("file", Pair("filename", "/etc/traefik/dynamic.yml", "watch", true));
        root["api"] = Single("dashboard", false);
        // The container's healthcheck (traefik healthcheck --ping) asks this.
        root["ping"] = YamlText.Map();
        root["log"] = Single("level", "INFO");
        root["accessLog"] = YamlText.Map();
        root["global"] = Single("sendAnonymousUsage", false);
        return root;
    }

    private static OrderedDictionary<string, object?> Sorted(OrderedDictionary<string, object?> map)
    {
        var sorted = YamlText.Map();
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            sorted[key] = map[key];
        }

        return sorted;
    }

    private static OrderedDictionary<string, object?> Single(string key, object? value)
    {
        var map = YamlText.Map();
        map[key] = value;
        return map;
    }

    private static OrderedDictionary<string, object?> Pair(string key1, object? value1, string key2, object? value2)
    {
        var map = Single(key1, value1);
        map[key2] = value2;
        return map;
    }
}

/// <summary>What templates/traefik/oauth2-proxy.cfg.sbn sees.</summary>
/// <summary>oauth2-proxy.cfg holds no secret: the container gets them as OAUTH2_PROXY_CLIENT_SECRET and OAUTH2_PROXY_COOKIE_SECRET (compose).</summary>
public sealed record OAuth2ProxyView(string Issuer, string ClientId, string CookieDomain)
{
    /// <summary>The internal CA in the container (oauth2-proxy's provider_ca_files), or null when a public CA issued Keycloak's certificate.</summary>
    public string? CaFile { get; init; }
}
