using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Werkbank.Output;
using YamlDotNet.RepresentationModel;

namespace Werkbank.Tests.Targets;

/// <summary>
/// Every service that logs in through Keycloak, as its rendered configuration says (compose files, Helm
/// values, oauth2-proxy.cfg), must find its client in the rendered realm, allowed to use its flow and
/// holding the same secret placeholder. Each target was right on its own while the pairs disagreed: the
/// realm and the services named each secret differently, Supabase had no client, Guacamole's implicit
/// flow was not allowed, and clients required PKCE of services that send none.
/// </summary>
public sealed partial class OidcLoginTests
{
    /// <summary>One service's login as configured: its client id, the secret it sends (none for the implicit flow), and whether it sends PKCE.</summary>
    private sealed record Login(string Where, string ClientId, string? Secret, bool Implicit, bool SendsPkce);

    /// <summary>Environment variables that carry a client id and, beside it, its secret, per OIDC library.</summary>
    private static readonly (string Id, string? Secret)[] EnvironmentPairs =
    [
        ("OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"), // Open WebUI
        ("AUTH_KEYCLOAK_CLIENT_ID", "AUTH_KEYCLOAK_CLIENT_SECRET"), // Langfuse (NextAuth)
        ("GOTRUE_EXTERNAL_KEYCLOAK_CLIENT_ID", "GOTRUE_EXTERNAL_KEYCLOAK_SECRET"), // Supabase, AppFlowy
        ("OPENID_CLIENT_ID", null), // Guacamole: implicit flow, no secret
    ];

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Give_Every_Login_A_Realm_Client_That_Accepts_It(string inventory)
    {
        var files = ServiceRenders.Files(inventory);
        var clients = Clients(files);
        var logins = Logins(files).ToList();
        Assert.NotEmpty(logins);
        foreach (var login in logins)
        {
            Assert.True(clients.TryGetValue(login.ClientId, out var client), $"{login.Where}: no client '{login.ClientId}' in the realm");
            if (login.Implicit)
            {
                Assert.True((bool?)client!["implicitFlowEnabled"] == true, $"{login.Where}: client '{login.ClientId}' does not allow the implicit flow");
                continue;
            }

            Assert.True((bool?)client!["standardFlowEnabled"] == true, $"{login.Where}: client '{login.ClientId}' does not allow the code flow");
            Assert.False((bool?)client["publicClient"] ?? false, $"{login.Where}: client '{login.ClientId}' is public but the service sends a secret");
            Assert.Equal((string?)client["secret"], login.Secret);
            Assert.Matches(@"^\$\{KEYCLOAK_CLIENT_SECRET_[A-Z0-9_]+\}$", login.Secret);
            var requiresPkce = client["attributes"]?["pkce.code.challenge.method"] is not null;
            Assert.False(requiresPkce && !login.SendsPkce, $"{login.Where}: client '{login.ClientId}' requires PKCE, which the service does not send");
        }
    }

    [Theory]
    [MemberData(nameof(ServiceRenders.Cases), MemberType = typeof(ServiceRenders))]
    public void Should_Use_Every_Login_Client_Of_The_Realm(string inventory)
    {
        var files = ServiceRenders.Files(inventory);
        var used = Logins(files).Select(l => l.ClientId).ToHashSet(StringComparer.Ordinal);
        // AFFiNE is connected to Keycloak in its admin panel (the compose file's header says so); Kong's
        // client is public and hands out tokens by the device flow, no service logs in with it.
        string[] byHand = ["affine", "kong"];
        var unused = Clients(files).Keys.Where(c => !used.Contains(c) && !byHand.Contains(c)).ToList();
        Assert.True(unused.Count == 0, $"realm clients no rendered service logs in with: {string.Join(", ", unused)}");
    }

    private static Dictionary<string, JsonObject> Clients(IEnumerable<OutputFile> files)
    {
        var realm = JsonNode.Parse(files.Single(f => f.Path.StartsWith("keycloak/realm-", StringComparison.Ordinal)).Content)!;
        return realm["clients"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["clientId"]!, StringComparer.Ordinal);
    }

    private static IEnumerable<Login> Logins(IEnumerable<OutputFile> files)
    {
        // oauth2-proxy: client id and PKCE in its .cfg, the secret in its container's environment.
        var proxy = files.SingleOrDefault(f => f.Path == "traefik/oauth2-proxy.cfg") is { } cfg
            ? ProxySetting().Matches(cfg.ContentAsText).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal)
            : [];
        foreach (var file in files)
        {
            if (file.Path.StartsWith("compose/", StringComparison.Ordinal) && file.Path.EndsWith("/docker-compose.yml", StringComparison.Ordinal))
            {
                foreach (var (name, service) in ServiceRenders.Yaml(file).Map("services").Children)
                {
                    if (((YamlMappingNode)service).Get("environment") is not YamlMappingNode map)
                    {
                        continue;
                    }

                    var env = Scalars(map);
                    foreach (var login in FromEnvironment($"{file.Path}: {name.Text()}", env))
                    {
                        yield return login;
                    }

                    if (env.TryGetValue("OAUTH2_PROXY_CLIENT_SECRET", out var proxySecret))
                    {
                        Assert.True(proxy.ContainsKey("client_id"), "oauth2-proxy runs without traefik/oauth2-proxy.cfg naming its client");
                        yield return new Login($"{file.Path}: {name.Text()}", proxy["client_id"], proxySecret, Implicit: false,
                            SendsPkce: proxy.GetValueOrDefault("code_challenge_method") == "S256");
                    }
                }
            }
            else if (file.Path.StartsWith("helm/", StringComparison.Ordinal) && file.Path.EndsWith("/values.yaml", StringComparison.Ordinal))
            {
                foreach (var login in FromHelmValues(file.Path, ServiceRenders.Yaml(file)))
                {
                    yield return login;
                }
            }
        }
    }

    private static IEnumerable<Login> FromEnvironment(string where, Dictionary<string, string> env)
    {
        foreach (var (id, secret) in EnvironmentPairs)
        {
            if (env.TryGetValue(id, out var clientId))
            {
                yield return new Login(where, clientId, secret is null ? null : env[secret], Implicit: secret is null,
                    SendsPkce: env.GetValueOrDefault("OAUTH_CODE_CHALLENGE_METHOD") == "S256");
            }
        }

        // GitLab: omniauth's provider in the omnibus configuration (Ruby), its secret from the container's environment.
        if (env.TryGetValue("GITLAB_OMNIBUS_CONFIG", out var omnibus) && GitLabProvider().Match(omnibus) is { Success: true } provider)
        {
            yield return new Login(where, provider.Groups[1].Value, env[provider.Groups[2].Value], Implicit: false,
                SendsPkce: omnibus.Contains("pkce: true", StringComparison.Ordinal));
        }
    }

    /// <summary>Helm values: the open-webui chart's sso.oidc block, and name/value lists of environment variables anywhere.</summary>
    private static IEnumerable<Login> FromHelmValues(string where, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (map.Get("clientId") is YamlScalarNode id && map.Get("clientSecret") is YamlScalarNode secret)
                {
                    yield return new Login(where, id.Text(), secret.Text(), Implicit: false, SendsPkce: false);
                }

                foreach (var login in map.Children.Values.SelectMany(v => FromHelmValues(where, v)))
                {
                    yield return login;
                }

                break;
            case YamlSequenceNode list:
                var env = list.Children.OfType<YamlMappingNode>()
                    .Where(e => e.Get("name") is YamlScalarNode && e.Get("value") is YamlScalarNode)
                    .ToDictionary(e => e.Get("name")!.Text(), e => e.Get("value")!.Text(), StringComparer.Ordinal);
                foreach (var login in FromEnvironment(where, env).Concat(list.Children.SelectMany(v => FromHelmValues(where, v))))
                {
                    yield return login;
                }

                break;
        }
    }

    private static Dictionary<string, string> Scalars(YamlMappingNode map) =>
        map.Children.Where(p => p.Value is YamlScalarNode).ToDictionary(p => p.Key.Text(), p => p.Value.Text(), StringComparer.Ordinal);

    [GeneratedRegex(@"identifier: '([^']+)', secret: ENV\['([A-Z0-9_]+)'\]")]
    private static partial Regex GitLabProvider();

    [GeneratedRegex(@"^(client_id|code_challenge_method) = ""([^""]*)""$", RegexOptions.Multiline)]
    private static partial Regex ProxySetting();
}
