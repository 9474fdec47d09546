using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Keycloak;

/// <summary>
/// out/keycloak/realm-&lt;realm&gt;.json, a RealmRepresentation that keycloak-config-cli applies again and
/// again (it matches roles, groups, clients and users by name, so no ids are written). Realm roles: each
/// inventory role is a composite of one <c>service:level</c> role per service it grants; groups: one per
/// team with a <c>leads</c> subgroup; clients: one confidential OIDC client per service with a web login
/// and one for the gateway; users: active and suspended (disabled), no credentials. Removed users, and
/// users whose file is gone but who still have a tombstone in the ledger, are written disabled and without
/// roles and groups: keycloak-config-cli never deletes a user missing from the file, so leaving them out
/// would leave their accounts, and their access to every service, as they were.
/// </summary>
public sealed class KeycloakTarget : ITarget
{
    public string Name => "keycloak";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var realm = RealmSettings(model);
        realm["roles"] = new JsonObject { ["realm"] = RealmRoles(model) };
        realm["groups"] = new JsonArray([.. model.Teams.Select(Group)]);
        realm["clients"] = Clients(model);
        var revoked = RevokedAccounts.For(model);
        // The users (10,000 and more) are written straight into the file, after the rest of the realm.
        var users = model.PresentUsers.Select(u => (u.Name, User: (UserModel?)u))
            .Concat(revoked.Select(name => (Name: name, User: (UserModel?)null)))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        var sources = model.PresentUsers.Select(u => Source.User(u.Name))
            .Concat(revoked.Select(Source.User))
            .Append(Source.Ledger)
            .Concat(model.Roles.Select(r => Source.Role(r.Name)))
            .Concat(model.Teams.Select(t => Source.Team(t.Name)))
            .Concat(model.Services.Select(s => Source.Service(s.Name)))
            .Append(Source.Platform);
        output.Add(JsonText.File(Path(model), realm, "users", writer =>
        {
            foreach (var (name, user) in users)
            {
                if (user is null)
                {
                    WriteRevokedUser(writer, name);
                }
                else
                {
                    WriteUser(writer, model, user);
                }
            }
        }, sources));
    }

    public static string Path(PlatformModel model) => $"keycloak/realm-{model.Platform.Realm}.json";

    private static JsonObject RealmSettings(PlatformModel model) => new()
    {
        ["realm"] = model.Platform.Realm,
        ["displayName"] = model.Platform.Name,
        ["enabled"] = true,
        ["sslRequired"] = "external",
        ["registrationAllowed"] = false,
        ["loginWithEmailAllowed"] = true,
        ["duplicateEmailsAllowed"] = false,
        ["editUsernameAllowed"] = false,
        ["resetPasswordAllowed"] = true,
        ["rememberMe"] = false,
        ["verifyEmail"] = false,
        ["bruteForceProtected"] = true,
        ["permanentLockout"] = false,
        ["failureFactor"] = 5,
        ["waitIncrementSeconds"] = 60,
        ["minimumQuickLoginWaitSeconds"] = 60,
        ["quickLoginCheckMilliSeconds"] = 1000,
        ["maxFailureWaitSeconds"] = 900,
        ["maxDeltaTimeSeconds"] = 43200,
        ["accessTokenLifespan"] = 300,
        ["accessCodeLifespan"] = 60,
        ["accessCodeLifespanLogin"] = 1800,
        ["accessCodeLifespanUserAction"] = 300,
        ["actionTokenGeneratedByUserLifespan"] = 43200,
        ["ssoSessionIdleTimeout"] = 1800,
        ["ssoSessionMaxLifespan"] = 36000,
        ["offlineSessionIdleTimeout"] = 2592000,
        ["revokeRefreshToken"] = true,
        ["refreshTokenMaxReuse"] = 0,
        ["defaultSignatureAlgorithm"] = "RS256",
        ["passwordPolicy"] = "length(12) and notUsername and notEmail",
    };

    private static JsonArray RealmRoles(PlatformModel model)
    {
        var roles = new JsonArray();
        foreach (var role in model.Roles)
        {
            var levels = LevelRoles(role).ToList();
            var node = new JsonObject
            {
                ["name"] = role.Name,
                ["description"] = role.Description.Length > 0 ? role.Description : $"Werkbank role {role.Name}",
                ["composite"] = levels.Count > 0,
            };
            if (levels.Count > 0)
            {
                node["composites"] = new JsonObject { ["realm"] = JsonText.Strings(levels) };
            }

            roles.Add((JsonNode)node);
        }

        var granted = model.Roles.SelectMany(r => r.Access)
            .Where(a => a.Value.Level != AccessLevel.None)
            .Select(a => (Service: a.Key, a.Value.Level))
            .Distinct()
            .OrderBy(a => AccessNames.LevelRole(a.Service, a.Level), StringComparer.Ordinal);
        foreach (var (service, level) in granted)
        {
            roles.Add((JsonNode)new JsonObject
            {
                ["name"] = AccessNames.LevelRole(service, level),
                ["description"] = $"{AccessNames.Level(level)} access to {service}",
                ["composite"] = false,
            });
        }

        return roles;
    }

    /// <summary>The level roles an inventory role is made of, from its (already resolved) access.</summary>
    public static IEnumerable<string> LevelRoles(RoleModel role) =>
        role.Access.Where(a => a.Value.Level != AccessLevel.None).Select(a => AccessNames.LevelRole(a.Key, a.Value.Level));

    private static JsonObject Group(TeamModel team) => new()
    {
        ["name"] = team.Name,
        ["path"] = AccessNames.TeamGroupPath(team.Name),
        ["attributes"] = new JsonObject
        {
            ["description"] = JsonText.Strings([team.Description]),
            ["gitlab_group"] = JsonText.Strings([team.GitlabGroup]),
        },
        ["subGroups"] = new JsonArray(new JsonObject
        {
            ["name"] = AccessNames.LeadsGroup,
            ["path"] = AccessNames.LeadsGroupPath(team.Name),
            ["attributes"] = new JsonObject(),
            ["subGroups"] = new JsonArray(),
        }),
    };

    private static JsonArray Clients(PlatformModel model)
    {
        var clients = new JsonArray();
        var webLogin = model.Services.Where(s => ServiceCatalog.WebLogin.Contains(s.Name, StringComparer.Ordinal));
        foreach (var service in webLogin)
        {
            var url = $"https://{model.Fqdn(service.Name)}";
            clients.Add((JsonNode)(ServiceCatalog.ImplicitFlowLogin.Contains(service.Name, StringComparer.Ordinal)
                ? ImplicitFlowClient(service.Name, url)
                : ConfidentialClient(service.Name, url, [$"{url}/*"], [url], $"Login to {service.Name}",
                    requirePkce: ServiceCatalog.PkceLogin.Contains(service.Name, StringComparer.Ordinal))));
        }

        clients.Add((JsonNode)GatewayClient(model));
        return clients;
    }

    private static JsonObject GatewayClient(PlatformModel model)
    {
        var clientId = AccessNames.GatewayClient(model.Platform.Gateway);
        var protectedHosts = GatewayRoutes.For(model).Where(r => !r.Public).Select(r => $"https://{r.Host}").ToList();
        if (model.Platform.Gateway == GatewayKind.Traefik)
        {
            // oauth2-proxy answers /oauth2/callback on every host it protects.
            // oauth2-proxy.cfg sets code_challenge_method = "S256".
            return ConfidentialClient(clientId, null, [.. protectedHosts.Select(h => $"{h}/oauth2/callback")], protectedHosts,
                "The gateway's login (oauth2-proxy in front of Traefik)", requirePkce: true);
        }

        // Kong checks bearer tokens: people and scripts get them with the device flow of this public client.
        var client = BaseClient(clientId, "Tokens for the API gateway (Kong, JWT)");
        client["publicClient"] = true;
        client["standardFlowEnabled"] = false;
        client["attributes"] = new JsonObject { ["oauth2.device.authorization.grant.enabled"] = "true" };
        client["protocolMappers"] = Mappers(clientId);
        return client;
    }

    /// <summary>
    /// A public client for a login that takes its id_token from the authorization endpoint (see
    /// <see cref="ServiceCatalog.ImplicitFlowLogin"/>): no secret, no code flow, and so no PKCE.
    /// </summary>
    private static JsonObject ImplicitFlowClient(string clientId, string url)
    {
        var client = BaseClient(clientId, $"Login to {clientId} (implicit flow: the service asks for an id_token)");
        client["rootUrl"] = url;
        client["baseUrl"] = "/";
        client["publicClient"] = true;
        client["standardFlowEnabled"] = false;
        client["implicitFlowEnabled"] = true;
        client["redirectUris"] = JsonText.Strings([$"{url}/*"]);
        client["webOrigins"] = JsonText.Strings([url]);
        client["attributes"] = new JsonObject { ["post.logout.redirect.uris"] = $"{url}/*" };
        client["protocolMappers"] = Mappers(clientId);
        return client;
    }

    /// <param name="requirePkce">Only for a login configured to send PKCE: Keycloak then refuses any request without it.</param>
    private static JsonObject ConfidentialClient(string clientId, string? rootUrl, List<string> redirects, List<string> origins, string description, bool requirePkce)
    {
        var client = BaseClient(clientId, description);
        if (rootUrl is not null)
        {
            client["rootUrl"] = rootUrl;
            client["baseUrl"] = "/";
        }

        client["publicClient"] = false;
        client["clientAuthenticatorType"] = "client-secret";
        client["secret"] = AccessNames.ClientSecret(clientId);
        client["standardFlowEnabled"] = true;
        client["redirectUris"] = JsonText.Strings(redirects);
        client["webOrigins"] = JsonText.Strings(origins);
        client["attributes"] = new JsonObject();
        if (requirePkce)
        {
            client["attributes"]!["pkce.code.challenge.method"] = "S256";
        }

        client["attributes"]!["post.logout.redirect.uris"] = string.Join("##", origins.Select(o => $"{o}/*"));
        client["protocolMappers"] = Mappers(clientId);
        return client;
    }

    private static JsonObject BaseClient(string clientId, string description) => new()
    {
        ["clientId"] = clientId,
        ["name"] = clientId,
        ["description"] = description,
        ["enabled"] = true,
        ["protocol"] = "openid-connect",
        ["implicitFlowEnabled"] = false,
        ["directAccessGrantsEnabled"] = false,
        ["serviceAccountsEnabled"] = false,
        ["frontchannelLogout"] = true,
        ["fullScopeAllowed"] = true,
    };

    /// <summary>Services see teams in "groups" (full paths: /team, /team/leads) and roles in "roles"; the audience names the client.</summary>
    private static JsonArray Mappers(string clientId) =>
    [
        Mapper("groups", "oidc-group-membership-mapper", new() { ["full.path"] = "true", ["claim.name"] = "groups" }),
        Mapper("realm roles", "oidc-usermodel-realm-role-mapper", new() { ["claim.name"] = "roles", ["multivalued"] = "true", ["jsonType.label"] = "String" }),
        Mapper("audience", "oidc-audience-mapper", new() { ["included.client.audience"] = clientId, ["id.token.claim"] = "false", ["access.token.claim"] = "true" }),
    ];

    private static JsonNode Mapper(string name, string type, Dictionary<string, string> config)
    {
        var settings = new JsonObject();
        foreach (var (key, value) in config.Concat(Claims().Where(c => !config.ContainsKey(c.Key))))
        {
            settings[key] = value;
        }

        return new JsonObject
        {
            ["name"] = name,
            ["protocol"] = "openid-connect",
            ["protocolMapper"] = type,
            ["config"] = settings,
        };
    }

    private static Dictionary<string, string> Claims() => new()
    {
        ["id.token.claim"] = "true",
        ["access.token.claim"] = "true",
        ["userinfo.token.claim"] = "true",
    };

    private static void WriteUser(Utf8JsonWriter writer, PlatformModel model, UserModel user)
    {
        var (first, last) = SplitName(user.FullName);
        writer.WriteStartObject();
        writer.WriteString("username", user.Name);
        writer.WriteBoolean("enabled", user.State == UserState.Active);
        writer.WriteString("email", user.Email);
        writer.WriteBoolean("emailVerified", true);
        writer.WriteString("firstName", first);
        writer.WriteString("lastName", last);
        // No password and no required action: the first login goes through "forgot password" (or an
        // admin's actions e-mail). A requiredActions list here would be set again by every apply and
        // make everyone who has chosen a password choose another at their next login.
        JsonText.WriteStrings(writer, "realmRoles", [user.Role]);
        writer.WriteStartArray("groups");
        foreach (var team in user.Teams)
        {
            writer.WriteStringValue(AccessNames.TeamGroupPath(team));
            if (model.Team(team).Leads.Contains(user.Name, StringComparer.Ordinal))
            {
                writer.WriteStringValue(AccessNames.LeadsGroupPath(team));
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// A revoked account: disabled, and its realm roles and groups emptied (keycloak-config-cli removes the
    /// ones an account has beyond the file's lists), so that nothing is left to grant if it is enabled by hand.
    /// </summary>
    private static void WriteRevokedUser(Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject();
        writer.WriteString("username", name);
        writer.WriteBoolean("enabled", false);
        JsonText.WriteStrings(writer, "realmRoles", []);
        JsonText.WriteStrings(writer, "groups", []);
        writer.WriteEndObject();
    }

    /// <summary>"Tom van den Berg" -> ("Tom", "van den Berg"); a one-word name is both.</summary>
    public static (string First, string Last) SplitName(string fullName)
    {
        var trimmed = fullName.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed, trimmed) : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }
}
