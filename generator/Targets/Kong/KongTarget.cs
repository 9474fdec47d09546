using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Targets.Tls;

namespace Werkbank.Targets.Kong;

/// <summary>
/// out/kong/kong.yml, Kong OSS 3.9 declarative configuration, when platform.gateway is kong. Kong OSS has no
/// consumer groups, so: one consumer per active user with ACL groups for their role and teams; the jwt plugin
/// on every non-public service finds the consumer by the token's <c>preferred_username</c> and checks the
/// signature with the realm's public key (so only Keycloak's tokens pass); the acl plugin allows the roles
/// with access; rate-limiting per consumer from the role's default, and per consumer and service where the
/// role names the service. Suspended and removed users have no consumer.
/// </summary>
public sealed class KongTarget : ITarget
{
    public const string PublicKeyPlaceholder = "${KEYCLOAK_REALM_PUBLIC_KEY_PEM}";

    public string Name => "kong";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (model.Platform.Gateway != GatewayKind.Kong)
        {
            return;
        }

        var root = YamlText.Map();
        root["_format_version"] = "3.0";
        root["certificates"] = new[] { Certificate(model) };
        root["services"] = GatewayRoutes.For(model).Select(Service).ToList();
        var users = model.ActiveUsers.OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        root["consumers"] = users.Select(Consumer).ToList();
        root["plugins"] = new object[] { SecurityHeaders() }.Concat(users.SelectMany(u => RateLimits(model, u))).ToList();
        var sources = users.Select(u => Source.User(u.Name)).Concat(model.Roles.Select(r => Source.Role(r.Name)))
            .Concat(model.Services.Select(s => Source.Service(s.Name))).Append(Source.Platform);
        output.Add(OutputFile.Serialized("kong/kong.yml", YamlText.Serialize(root, "# Kong OSS 3.9 declarative configuration, rendered by Werkbank from the inventory: do not edit."), sources));
    }

    /// <summary>
    /// The gateway's certificate for every service host, as PEM text that the apply step fills in (Kong
    /// would otherwise answer with its own self-signed one). SNIs nest under their certificate.
    /// </summary>
    private static OrderedDictionary<string, object?> Certificate(PlatformModel model)
    {
        var certificate = YamlText.Map();
        certificate["cert"] = GatewayTls.CertificatePlaceholder;
        certificate["key"] = GatewayTls.PrivateKeyPlaceholder;
        var sni = YamlText.Map();
        sni["name"] = GatewayTls.WildcardName(model);
        certificate["snis"] = new[] { sni };
        return certificate;
    }

    private static OrderedDictionary<string, object?> Service(GatewayRoute route)
    {
        var service = YamlText.Map();
        service["name"] = route.Service;
        service["url"] = route.Upstream;
        var r = YamlText.Map();
        r["name"] = route.Service;
        r["hosts"] = new[] { route.Host };
        r["protocols"] = new[] { "https" };
        r["preserve_host"] = true;
        r["strip_path"] = false;
        service["routes"] = new[] { r };
        if (!route.Public)
        {
            var jwt = YamlText.Map();
            jwt["key_claim_name"] = "preferred_username";
            jwt["claims_to_verify"] = new[] { "exp" };
            jwt["header_names"] = new[] { "authorization" };
            jwt["uri_param_names"] = Array.Empty<string>();
            jwt["cookie_names"] = Array.Empty<string>();
            var acl = YamlText.Map();
            acl["allow"] = route.Roles.Select(role => AccessNames.RoleAcl(role.Name)).ToList();
            acl["hide_groups_header"] = true;
            service["plugins"] = new[] { Plugin("jwt", jwt), Plugin("acl", acl) };
        }

        return service;
    }

    private static OrderedDictionary<string, object?> Consumer(UserModel user)
    {
        var consumer = YamlText.Map();
        consumer["username"] = user.Name;
        consumer["custom_id"] = user.Name;
        consumer["acls"] = new[] { AccessNames.RoleAcl(user.Role) }.Concat(user.Teams.Select(AccessNames.TeamAcl))
            .Select(g => Map("group", g)).ToList();
        var secret = YamlText.Map();
        secret["key"] = user.Name;
        secret["algorithm"] = "RS256";
        secret["rsa_public_key"] = PublicKeyPlaceholder;
        consumer["jwt_secrets"] = new[] { secret };
        return consumer;
    }

    /// <summary>Kong applies the most specific plugin: consumer+service over consumer, so a named service overrides the default.</summary>
    private static IEnumerable<object> RateLimits(PlatformModel model, UserModel user)
    {
        var role = model.Role(user.Role);
        foreach (var (key, perMinute) in role.RateLimits)
        {
            if (key != "default" && user.LevelFor(key) == AccessLevel.None)
            {
                continue;
            }

            var plugin = YamlText.Map();
            plugin["name"] = "rate-limiting";
            plugin["consumer"] = user.Name;
            if (key != "default")
            {
                plugin["service"] = key;
            }

            var config = YamlText.Map();
            config["minute"] = perMinute;
            config["limit_by"] = "consumer";
            config["policy"] = "local";
            plugin["config"] = config;
            yield return plugin;
        }
    }

    private static OrderedDictionary<string, object?> SecurityHeaders()
    {
        var add = YamlText.Map();
        add["headers"] = new[] { "Strict-Transport-Security:max-age=31536000; includeSubDomains", "X-Content-Type-Options:nosniff" };
        return Plugin("response-transformer", Map("add", add));
    }

    private static OrderedDictionary<string, object?> Plugin(string name, object config)
    {
        var plugin = YamlText.Map();
        plugin["name"] = name;
        plugin["config"] = config;
        return plugin;
    }

    private static OrderedDictionary<string, object?> Map(string key, object? value)
    {
        var map = YamlText.Map();
        map[key] = value;
        return map;
    }
}
