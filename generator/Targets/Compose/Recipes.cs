using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Targets.Tls;

namespace Werkbank.Targets.Compose;

/// <summary>
/// How each service of the catalog runs under docker compose: its main container (named like the
/// service, listening on <see cref="ServiceEndpoints.PortOf"/>) and the sidecars it needs.
/// Secrets are only ever ${NAME} placeholders; a literal '$' in a value must be written '$$'.
/// </summary>
internal static class Recipes
{
    public static IReadOnlyList<Container> For(ComposeContext c) => c.Name switch
    {
        "affine" => Affine(c),
        "appflowy" => AppFlowy(c),
        "flowise" => Flowise(c),
        "gitlab" => Gitlab(c),
        "guacamole" => Guacamole(c),
        "keycloak" => Keycloak(c),
        "kong" => Kong(c),
        "langfuse" => Langfuse(c),
        "n8n" => N8n(c),
        "ollama" => Ollama(c),
        "open-webui" => OpenWebUi(c),
        "qdrant" => Qdrant(c),
        "searxng" => Searxng(c),
        "supabase" => Supabase(c),
        "traefik" => Traefik(c),
        _ => throw new InvalidOperationException($"no compose recipe for service '{c.Name}'"),
    };

    /// <summary>What the header of a compose file says about services whose open-source edition cannot log in through OIDC.</summary>
    public static string? LoginNote(string service) => service switch
    {
        "n8n" => "n8n: OIDC/SAML single sign-on is an n8n Enterprise feature; the gateway's forward-auth guards it.",
        "flowise" => "flowise: the open-source edition has no OIDC login; the gateway's forward-auth guards it.",
        "affine" => "affine: connect the OIDC provider in AFFiNE's admin panel (issuer and client 'affine'); the gateway guards it meanwhile.",
        "searxng" or "qdrant" or "ollama" => $"{service}: no login of its own; the gateway's forward-auth guards it.",
        _ => null,
    };

    /// <summary>Traefik's own probe (needs --ping=true), for the gateway and the relay.</summary>
    public static IReadOnlyList<string> TraefikHealthcheck { get; } = ["CMD", "traefik", "healthcheck", "--ping"];

    private static Container[] Ollama(ComposeContext c)
    {
        var ollama = new Container("ollama", c.Image)
        {
            Healthcheck = ["CMD", "ollama", "list"],
            Gpus = c.Service.Gpus,
        }.Limits(16.0, 64 * 1024);
        ollama.Env("OLLAMA_HOST", "0.0.0.0:11434").Env("OLLAMA_KEEP_ALIVE", "24h");
        ollama.Volumes["ollama"] = "/root/.ollama";
        if (c.Service.Models.IsEmpty)
        {
            return [ollama];
        }

        // A one-shot container pulls the models once the server is healthy, then exits.
        var pull = new Container("ollama-models", c.Image)
        {
            Restart = "no",
            Entrypoint = ["/bin/sh", "-c"],
            Command = [string.Join(" && ", c.Service.Models.Select(m => $"ollama pull {Templates.Escape.ShellWord(m)}"))],
        }.Limits(1.0, 512).WaitsFor("ollama");
        pull.Env("OLLAMA_HOST", "http://ollama:11434");
        return [ollama, pull];
    }

    private static Container[] Qdrant(ComposeContext c)
    {
        var qdrant = new Container("qdrant", c.Image) { Healthcheck = Container.TcpProbe(6333) }.Limits(4.0, 8 * 1024);
        qdrant.Env("QDRANT__SERVICE__API_KEY", c.Secret("API_KEY")).Env("QDRANT__TELEMETRY_DISABLED", "true");
        qdrant.Volumes["qdrant"] = "/qdrant/storage";
        return [qdrant];
    }

    private static Container[] OpenWebUi(ComposeContext c)
    {
        var webui = new Container("open-webui", c.Image) { Healthcheck = Container.CurlProbe("http://localhost:8080/health") }.Limits(2.0, 4 * 1024);
        webui.Env("WEBUI_URL", c.Url)
            .Env("WEBUI_SECRET_KEY", c.Secret("SECRET_KEY"))
            .Env("OLLAMA_BASE_URL", c.UrlOf("ollama"))
            .Env("ENABLE_OAUTH_SIGNUP", "true")
            .Env("OAUTH_MERGE_ACCOUNTS_BY_EMAIL", "true")
            .Env("ENABLE_LOGIN_FORM", "false")
            .Env("OAUTH_PROVIDER_NAME", "Keycloak")
            .Env("OAUTH_CLIENT_ID", ServiceEndpoints.ClientId(c.Name))
            .Env("OAUTH_CLIENT_SECRET", c.ClientSecret)
            .Env("OPENID_PROVIDER_URL", $"{c.Issuer}/.well-known/openid-configuration")
            .Env("OAUTH_SCOPES", "openid email profile");
        if (c.Model.HasService("searxng"))
        {
            webui.Env("ENABLE_RAG_WEB_SEARCH", "true").Env("RAG_WEB_SEARCH_ENGINE", "searxng")
                .Env("SEARXNG_QUERY_URL", $"{c.UrlOf("searxng")}/search?q=<query>");
        }

        webui.Volumes["open-webui"] = "/app/backend/data";
        return [webui];
    }

    private static Container[] Searxng(ComposeContext c)
    {
        var searxng = new Container("searxng", c.Image) { Healthcheck = Container.WgetProbe("http://localhost:8080/healthz") }.Limits(1.0, 1024);
        searxng.Env("SEARXNG_BASE_URL", c.Url + "/").Env("SEARXNG_SECRET", c.Secret("SECRET"));
        searxng.Volumes["searxng"] = "/etc/searxng";
        return [searxng];
    }

    private static Container[] N8n(ComposeContext c)
    {
        var db = c.Postgres("n8n");
        var n8n = new Container("n8n", c.Image) { Healthcheck = Container.WgetProbe("http://localhost:5678/healthz") }.Limits(2.0, 2 * 1024).WaitsFor(db.Name);
        n8n.Env("DB_TYPE", "postgresdb").Env("DB_POSTGRESDB_HOST", db.Name).Env("DB_POSTGRESDB_DATABASE", "n8n")
            .Env("DB_POSTGRESDB_USER", "n8n").Env("DB_POSTGRESDB_PASSWORD", c.Secret("DB_PASSWORD"))
            .Env("N8N_ENCRYPTION_KEY", c.Secret("ENCRYPTION_KEY"))
            .Env("N8N_HOST", c.Fqdn).Env("N8N_PROTOCOL", "https").Env("N8N_PROXY_HOPS", "1")
            .Env("WEBHOOK_URL", c.Url + "/").Env("N8N_EDITOR_BASE_URL", c.Url + "/")
            .Env("GENERIC_TIMEZONE", c.Model.Platform.Timezone)
            .Env("N8N_DIAGNOSTICS_ENABLED", "false").Env("N8N_PERSONALIZATION_ENABLED", "false");
        n8n.Volumes["n8n"] = "/home/node/.n8n";
        return [n8n, db];
    }

    private static Container[] Flowise(ComposeContext c)
    {
        var flowise = new Container("flowise", c.Image) { Healthcheck = Container.WgetProbe("http://localhost:3000/api/v1/ping") }.Limits(2.0, 2 * 1024);
        flowise.Env("PORT", "3000").Env("DATABASE_PATH", "/root/.flowise").Env("SECRETKEY_PATH", "/root/.flowise")
            .Env("LOG_PATH", "/root/.flowise/logs").Env("BLOB_STORAGE_PATH", "/root/.flowise/storage")
            .Env("FLOWISE_SECRETKEY_OVERWRITE", c.Secret("SECRET_KEY"))
            .Env("DISABLE_FLOWISE_TELEMETRY", "true");
        flowise.Volumes["flowise"] = "/root/.flowise";
        return [flowise];
    }

    private static Container[] Langfuse(ComposeContext c)
    {
        var db = c.Postgres("langfuse");
        var redis = c.Redis();
        var minio = c.Minio("langfuse");
        var clickhouse = new Container("langfuse-clickhouse", ServiceImages.ImageOf("clickhouse"))
        {
            User = "101:101",
            Healthcheck = Container.WgetProbe("http://localhost:8123/ping"),
        }.Limits(2.0, 4 * 1024);
        clickhouse.Env("CLICKHOUSE_DB", "default").Env("CLICKHOUSE_USER", "clickhouse").Env("CLICKHOUSE_PASSWORD", c.Secret("CLICKHOUSE_PASSWORD"));
        clickhouse.Volumes["langfuse-clickhouse"] = "/var/lib/clickhouse";
        clickhouse.Volumes["langfuse-clickhouse-logs"] = "/var/log/clickhouse-server";

        var web = new Container("langfuse", c.Image) { Healthcheck = Container.WgetProbe("http://localhost:3000/api/public/health") }.Limits(2.0, 4 * 1024);
        var worker = new Container("langfuse-worker", ServiceImages.ImageOf("langfuse-worker", c.Service.Version))
        {
            Healthcheck = Container.WgetProbe("http://localhost:3030/api/health"),
        }.Limits(2.0, 4 * 1024);
        foreach (var container in new[] { web, worker })
        {
            container.WaitsFor(db.Name).WaitsFor(redis.Name).WaitsFor(minio.Name).WaitsFor(clickhouse.Name);
            container.Env("DATABASE_URL", $"postgresql://langfuse:{c.Secret("DB_PASSWORD")}@{db.Name}:5432/langfuse")
                .Env("SALT", c.Secret("SALT")).Env("ENCRYPTION_KEY", c.Secret("ENCRYPTION_KEY"))
                .Env("TELEMETRY_ENABLED", "false")
                .Env("CLICKHOUSE_MIGRATION_URL", $"clickhouse://{clickhouse.Name}:9000")
                .Env("CLICKHOUSE_URL", $"http://{clickhouse.Name}:8123")
                .Env("CLICKHOUSE_USER", "clickhouse").Env("CLICKHOUSE_PASSWORD", c.Secret("CLICKHOUSE_PASSWORD"))
                .Env("CLICKHOUSE_CLUSTER_ENABLED", "false")
                .Env("REDIS_HOST", redis.Name).Env("REDIS_PORT", "6379").Env("REDIS_AUTH", c.Secret("REDIS_PASSWORD"))
                .Env("LANGFUSE_S3_EVENT_UPLOAD_BUCKET", "langfuse").Env("LANGFUSE_S3_EVENT_UPLOAD_REGION", "auto")
                .Env("LANGFUSE_S3_EVENT_UPLOAD_ENDPOINT", $"http://{minio.Name}:9000")
                .Env("LANGFUSE_S3_EVENT_UPLOAD_ACCESS_KEY_ID", "langfuse")
                .Env("LANGFUSE_S3_EVENT_UPLOAD_SECRET_ACCESS_KEY", c.Secret("MINIO_PASSWORD"))
                .Env("LANGFUSE_S3_EVENT_UPLOAD_FORCE_PATH_STYLE", "true")
                .Env("LANGFUSE_S3_EVENT_UPLOAD_PREFIX", "events/");
        }

        web.Env("NEXTAUTH_URL", c.Url).Env("NEXTAUTH_SECRET", c.Secret("NEXTAUTH_SECRET"))
            .Env("AUTH_KEYCLOAK_CLIENT_ID", ServiceEndpoints.ClientId(c.Name))
            .Env("AUTH_KEYCLOAK_CLIENT_SECRET", c.ClientSecret)
            .Env("AUTH_KEYCLOAK_ISSUER", c.Issuer)
            .Env("AUTH_KEYCLOAK_ALLOW_ACCOUNT_LINKING", "true")
            .Env("AUTH_DISABLE_USERNAME_PASSWORD", "true");
        c.TrustsInternalCa(web, CaReader.Node); // NextAuth asks Keycloak for tokens and keys
        return [web, worker, clickhouse, db, minio, redis];
    }

    private static Container[] Gitlab(ComposeContext c)
    {
        var redirect = $"{c.Url}/users/auth/openid_connect/callback";
        var omnibus = string.Join("\n",
            $"external_url {Ruby(c.Url)}",
            "nginx['listen_port'] = 80",
            "nginx['listen_https'] = false",
            "letsencrypt['enable'] = false",
            "gitlab_rails['initial_root_password'] = ENV['GITLAB_ROOT_PASSWORD']",
            "gitlab_rails['omniauth_enabled'] = true",
            "gitlab_rails['omniauth_allow_single_sign_on'] = ['openid_connect']",
            "gitlab_rails['omniauth_auto_link_user'] = ['openid_connect']",
            "gitlab_rails['omniauth_block_auto_created_users'] = false",
            "gitlab_rails['omniauth_providers'] = [{ name: 'openid_connect', label: 'Keycloak', args: { name: 'openid_connect', " +
            $"scope: ['openid', 'profile', 'email'], response_type: 'code', issuer: {Ruby(c.Issuer)}, discovery: true, " +
            "client_auth_method: 'query', uid_field: 'preferred_username', pkce: true, client_options: { " +
            $"identifier: {Ruby(ServiceEndpoints.ClientId(c.Name))}, secret: ENV['GITLAB_OIDC_CLIENT_SECRET'], redirect_uri: {Ruby(redirect)} }} }} }}]") + "\n";
        var gitlab = new Container("gitlab", c.Image)
        {
            Healthcheck = ["CMD", "/opt/gitlab/bin/gitlab-healthcheck", "--fail", "--max-time", "10"],
            HealthStartPeriod = "300s",
        }.Limits(4.0, 8 * 1024);
        gitlab.Env("GITLAB_OMNIBUS_CONFIG", omnibus)
            .Env("GITLAB_ROOT_PASSWORD", c.Secret("ROOT_PASSWORD"))
            .Env("GITLAB_OIDC_CLIENT_SECRET", c.ClientSecret);
        gitlab.Volumes["gitlab-config"] = "/etc/gitlab";
        gitlab.Volumes["gitlab-data"] = "/var/opt/gitlab";
        gitlab.Volumes["gitlab-logs"] = "/var/log/gitlab";
        if (!c.Model.Platform.InternalCa.IsEmpty)
        {
            // Omnibus links every file of /etc/gitlab/trusted-certs into its OpenSSL store on reconfigure (at
            // start), after a chmod 0644 of each, which a read-only mount refuses: reconfigure, and so the
            // container, would fail. The file is the deploy root's copy, 0644 already.
            gitlab.WritableFiles["../../" + GatewayTls.CaFile] = "/etc/gitlab/trusted-certs/werkbank-ca.crt";
        }

        return [gitlab];
    }

    private static Container[] Guacamole(ComposeContext c)
    {
        var guacd = new Container("guacamole-guacd", ServiceImages.ImageOf("guacd")) { Healthcheck = ["CMD-SHELL", "nc -z 127.0.0.1 4822 || exit 1"] }.Limits(2.0, 2 * 1024);
        var guacamole = new Container("guacamole", c.Image) { Healthcheck = Container.TcpProbe(8080) }.Limits(1.0, 1024).WaitsFor(guacd.Name);
        // The browser goes to Keycloak's public authorization endpoint; the server only fetches the signing
        // keys, from the Keycloak container itself where it runs beside Guacamole (no TLS, no CA for Java to trust).
        var oidc = $"{c.Issuer}/protocol/openid-connect";
        guacamole.Env("GUACD_HOSTNAME", guacd.Name).Env("GUACD_PORT", "4822")
            .Env("GUACAMOLE_HOME", "/etc/guacamole")
            .Env("OPENID_AUTHORIZATION_ENDPOINT", $"{oidc}/auth")
            .Env("OPENID_JWKS_ENDPOINT", $"{c.UrlOf("keycloak")}/realms/{c.Model.Platform.Realm}/protocol/openid-connect/certs")
            .Env("OPENID_ISSUER", c.Issuer)
            .Env("OPENID_CLIENT_ID", ServiceEndpoints.ClientId(c.Name))
            .Env("OPENID_REDIRECT_URI", $"{c.Url}/guacamole/")
            .Env("OPENID_USERNAME_CLAIM_TYPE", "preferred_username")
            .Env("OPENID_GROUPS_CLAIM_TYPE", "groups");
        guacamole.Files["../../guacamole/user-mapping.xml"] = "/etc/guacamole/user-mapping.xml";
        return [guacamole, guacd];
    }

    private static Container[] Keycloak(ComposeContext c)
    {
        var db = c.Postgres("keycloak");
        var keycloak = new Container("keycloak", c.Image)
        {
            Command = ["start", "--import-realm"],
            Healthcheck = ["CMD-SHELL", "exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"],
            HealthStartPeriod = "120s",
        }.Limits(2.0, 2 * 1024).WaitsFor(db.Name);
        keycloak.Env("KC_HOSTNAME", c.Url).Env("KC_HTTP_ENABLED", "true").Env("KC_PROXY_HEADERS", "xforwarded")
            .Env("KC_HEALTH_ENABLED", "true")
            .Env("KC_DB", "postgres").Env("KC_DB_URL", $"jdbc:postgresql://{db.Name}:5432/keycloak")
            .Env("KC_DB_USERNAME", "keycloak").Env("KC_DB_PASSWORD", c.Secret("DB_PASSWORD"))
            .Env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin").Env("KC_BOOTSTRAP_ADMIN_PASSWORD", c.Secret("ADMIN_PASSWORD"));
        var realm = $"realm-{c.Model.Platform.Realm}.json";
        keycloak.Files[$"../../keycloak/{realm}"] = $"/opt/keycloak/data/import/{realm}";
        return [keycloak, db];
    }

    private static Container[] Traefik(ComposeContext c)
    {
        // No command line: Traefik reads out/traefik/traefik.yml, whose entry points include the loopback
        // one that dynamic.yml's access routers listen on. The folder is mounted, not single files, so that
        // a dynamic.yml replaced by rename (rsync, git checkout) reaches the file provider's watch.
        var traefik = new Container("traefik", c.Image) { Healthcheck = TraefikHealthcheck }.Limits(2.0, 1024);
        traefik.Ports.AddRange(["80:80", "443:443"]);
        traefik.Files["../../traefik"] = "/etc/traefik";
        traefik.Volumes["traefik-certs"] = "/certs";
        return [traefik, OAuth2Proxy(c)];
    }

    /// <summary>
    /// The login that Traefik's forwardAuth asks (dynamic.yml: http://oauth2-proxy:4180), configured by
    /// out/traefik/oauth2-proxy.cfg; its secrets come from the environment, which compose fills.
    /// </summary>
    private static Container OAuth2Proxy(ComposeContext c)
    {
        var proxy = new Container(ServiceEndpoints.OAuth2ProxyName, ServiceImages.ImageOf("oauth2-proxy"))
        {
            Command = ["--config=/etc/oauth2-proxy/oauth2-proxy.cfg"],
            Healthcheck = Container.WgetProbe($"http://127.0.0.1:{ServiceEndpoints.OAuth2ProxyPort}/ping"),
        }.Limits(0.5, 256);
        proxy.Env("OAUTH2_PROXY_CLIENT_SECRET", ServiceEndpoints.ClientSecretPlaceholder(AccessNames.GatewayClient(GatewayKind.Traefik)))
            .Env("OAUTH2_PROXY_COOKIE_SECRET", "${OAUTH2_PROXY_COOKIE_SECRET}");
        proxy.Files["../../traefik/oauth2-proxy.cfg"] = "/etc/oauth2-proxy/oauth2-proxy.cfg";
        return c.TrustsInternalCa(proxy, CaReader.Configured);
    }

    private static Container[] Kong(ComposeContext c)
    {
        var kong = new Container("kong", c.Image) { Healthcheck = ["CMD", "kong", "health"] }.Limits(2.0, 1024);
        kong.Env("KONG_DATABASE", "off").Env("KONG_DECLARATIVE_CONFIG", "/kong/kong.yml")
            .Env("KONG_PROXY_LISTEN", "0.0.0.0:8000, 0.0.0.0:8443 ssl").Env("KONG_ADMIN_LISTEN", "off")
            .Env("KONG_PROXY_ACCESS_LOG", "/dev/stdout").Env("KONG_PROXY_ERROR_LOG", "/dev/stderr");
        kong.Ports.AddRange(["80:8000", "443:8443"]);
        kong.Files["../../kong/kong.yml"] = "/kong/kong.yml";
        return [kong];
    }

    private static Container[] Supabase(ComposeContext c)
    {
        var jwt = c.Secret("JWT_SECRET");
        var password = c.Secret("DB_PASSWORD");
        var db = new Container("supabase-db", ServiceImages.ImageOf("supabase-db"))
        {
            Healthcheck = ["CMD", "pg_isready", "-U", "postgres", "-h", "localhost"],
        }.Limits(2.0, 4 * 1024);
        db.Env("POSTGRES_HOST", "/var/run/postgresql").Env("POSTGRES_PORT", "5432").Env("POSTGRES_DB", "postgres")
            .Env("POSTGRES_PASSWORD", password).Env("JWT_SECRET", jwt).Env("JWT_EXP", "3600");
        db.Volumes["supabase-db"] = "/var/lib/postgresql/data";

        string DbUrl(string user) => $"postgres://{user}:{password}@{db.Name}:5432/postgres";

        var auth = new Container("supabase-auth", ServiceImages.ImageOf("supabase-auth")) { Healthcheck = Container.WgetProbe("http://localhost:9999/health") }.Limits(1.0, 512).WaitsFor(db.Name);
        auth.Env("GOTRUE_API_HOST", "0.0.0.0").Env("GOTRUE_API_PORT", "9999").Env("API_EXTERNAL_URL", c.Url)
            .Env("GOTRUE_DB_DRIVER", "postgres").Env("GOTRUE_DB_DATABASE_URL", DbUrl("supabase_auth_admin"))
            .Env("GOTRUE_SITE_URL", c.Url).Env("GOTRUE_JWT_SECRET", jwt).Env("GOTRUE_JWT_EXP", "3600")
            .Env("GOTRUE_JWT_AUD", "authenticated").Env("GOTRUE_JWT_ADMIN_ROLES", "service_role")
            .Env("GOTRUE_JWT_DEFAULT_GROUP_NAME", "authenticated")
            .Env("GOTRUE_EXTERNAL_EMAIL_ENABLED", "false")
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_ENABLED", "true")
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_URL", c.Issuer)
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_CLIENT_ID", ServiceEndpoints.ClientId(c.Name))
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_SECRET", c.ClientSecret)
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_REDIRECT_URI", $"{c.Url}/auth/v1/callback");
        c.TrustsInternalCa(auth, CaReader.Go);

        // PostgREST's image is a static binary without a shell: it cannot probe itself.
        var rest = new Container("supabase-rest", ServiceImages.ImageOf("supabase-rest")) { Command = ["postgrest"] }.Limits(1.0, 512).WaitsFor(db.Name);
        rest.Env("PGRST_DB_URI", DbUrl("authenticator")).Env("PGRST_DB_SCHEMAS", "public,storage,graphql_public")
            .Env("PGRST_DB_ANON_ROLE", "anon").Env("PGRST_JWT_SECRET", jwt).Env("PGRST_DB_USE_LEGACY_GUCS", "false");

        var storage = new Container("supabase-storage", ServiceImages.ImageOf("supabase-storage")) { Healthcheck = Container.WgetProbe("http://localhost:5000/status") }
            .Limits(1.0, 1024).WaitsFor(db.Name).WaitsFor(rest.Name, "service_started");
        storage.Env("ANON_KEY", c.Secret("ANON_KEY")).Env("SERVICE_KEY", c.Secret("SERVICE_ROLE_KEY"))
            .Env("POSTGREST_URL", $"http://{rest.Name}:3000").Env("PGRST_JWT_SECRET", jwt)
            .Env("DATABASE_URL", DbUrl("supabase_storage_admin")).Env("STORAGE_BACKEND", "file")
            .Env("FILE_STORAGE_BACKEND_PATH", "/var/lib/storage").Env("FILE_SIZE_LIMIT", "52428800")
            .Env("TENANT_ID", "stub").Env("REGION", "local").Env("GLOBAL_S3_BUCKET", "stub");
        storage.Volumes["supabase-storage"] = "/var/lib/storage";

        var meta = new Container("supabase-meta", ServiceImages.ImageOf("supabase-meta"))
        {
            Healthcheck = ["CMD", "node", "-e", "fetch('http://localhost:8080/health').then((r) => { if (r.status !== 200) process.exit(1) })"],
        }.Limits(0.5, 512).WaitsFor(db.Name);
        meta.Env("PG_META_PORT", "8080").Env("PG_META_DB_HOST", db.Name).Env("PG_META_DB_PORT", "5432")
            .Env("PG_META_DB_NAME", "postgres").Env("PG_META_DB_USER", "supabase_admin").Env("PG_META_DB_PASSWORD", password)
            .Env("CRYPTO_KEY", c.Secret("META_CRYPTO_KEY"));

        var studio = new Container("supabase", c.Image)
        {
            Healthcheck = ["CMD", "node", "-e", "fetch('http://localhost:3000/api/platform/profile').then((r) => { if (r.status !== 200) process.exit(1) })"],
        }.Limits(1.0, 1024).WaitsFor(meta.Name);
        studio.Env("HOSTNAME", "0.0.0.0").Env("STUDIO_PG_META_URL", $"http://{meta.Name}:8080")
            .Env("POSTGRES_PASSWORD", password).Env("PG_META_CRYPTO_KEY", c.Secret("META_CRYPTO_KEY"))
            .Env("DEFAULT_ORGANIZATION_NAME", c.Model.Platform.Name).Env("DEFAULT_PROJECT_NAME", c.Model.Platform.Name)
            .Env("SUPABASE_URL", $"http://{rest.Name}:3000").Env("SUPABASE_PUBLIC_URL", c.Url)
            .Env("SUPABASE_ANON_KEY", c.Secret("ANON_KEY")).Env("SUPABASE_SERVICE_KEY", c.Secret("SERVICE_ROLE_KEY"))
            .Env("AUTH_JWT_SECRET", jwt);
        return [studio, auth, db, meta, rest, storage];
    }

    private static Container[] Affine(ComposeContext c)
    {
        var db = c.Postgres("affine", "pgvector");
        var redis = c.Redis();
        var affine = new Container("affine", c.Image)
        {
            Command = ["sh", "-c", "node ./scripts/self-host-predeploy && node ./dist/index.js"],
            Healthcheck = Container.TcpProbe(3010),
            HealthStartPeriod = "60s",
        }.Limits(2.0, 4 * 1024).WaitsFor(db.Name).WaitsFor(redis.Name);
        affine.Env("DATABASE_URL", $"postgresql://affine:{c.Secret("DB_PASSWORD")}@{db.Name}:5432/affine")
            .Env("REDIS_SERVER_HOST", redis.Name).Env("REDIS_SERVER_PASSWORD", c.Secret("REDIS_PASSWORD"))
            .Env("AFFINE_SERVER_EXTERNAL_URL", c.Url).Env("AFFINE_SERVER_HOST", c.Fqdn).Env("AFFINE_SERVER_HTTPS", "true");
        c.TrustsInternalCa(affine, CaReader.Node); // its OIDC login (set up in its admin panel) asks Keycloak from the server
        affine.Volumes["affine-config"] = "/root/.affine/config";
        affine.Volumes["affine-storage"] = "/root/.affine/storage";
        return [affine, db, redis];
    }

    private static Container[] AppFlowy(ComposeContext c)
    {
        var db = c.Postgres("appflowy", "pgvector");
        var redis = c.Redis();
        var minio = c.Minio("appflowy");
        var jwt = c.Secret("JWT_SECRET");
        var gotrue = new Container("appflowy-gotrue", ServiceImages.ImageOf("appflowy-gotrue")) { Healthcheck = Container.WgetProbe("http://localhost:9999/health") }
            .Limits(0.5, 512).WaitsFor(db.Name);
        gotrue.Env("GOTRUE_DB_DRIVER", "postgres").Env("DATABASE_URL", $"postgres://appflowy:{c.Secret("DB_PASSWORD")}@{db.Name}:5432/appflowy")
            .Env("PORT", "9999").Env("GOTRUE_SITE_URL", "appflowy-flutter://").Env("API_EXTERNAL_URL", $"{c.Url}/gotrue")
            .Env("GOTRUE_JWT_SECRET", jwt).Env("GOTRUE_JWT_EXP", "7200").Env("GOTRUE_JWT_ADMIN_GROUP_NAME", "supabase_admin")
            .Env("GOTRUE_ADMIN_EMAIL", $"admin@{c.Model.Platform.Domain}").Env("GOTRUE_ADMIN_PASSWORD", c.Secret("ADMIN_PASSWORD"))
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_ENABLED", "true").Env("GOTRUE_EXTERNAL_KEYCLOAK_URL", c.Issuer)
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_CLIENT_ID", ServiceEndpoints.ClientId(c.Name))
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_SECRET", c.ClientSecret)
            .Env("GOTRUE_EXTERNAL_KEYCLOAK_REDIRECT_URI", $"{c.Url}/gotrue/callback");
        c.TrustsInternalCa(gotrue, CaReader.Go);
        var cloud = new Container("appflowy", c.Image) { Healthcheck = Container.TcpProbe(8000) }
            .Limits(2.0, 2 * 1024).WaitsFor(db.Name).WaitsFor(redis.Name).WaitsFor(minio.Name).WaitsFor(gotrue.Name);
        cloud.Env("APPFLOWY_ENVIRONMENT", "production")
            .Env("APPFLOWY_DATABASE_URL", $"postgres://appflowy:{c.Secret("DB_PASSWORD")}@{db.Name}:5432/appflowy")
            .Env("APPFLOWY_REDIS_URI", $"redis://:{c.Secret("REDIS_PASSWORD")}@{redis.Name}:6379")
            .Env("APPFLOWY_GOTRUE_BASE_URL", $"http://{gotrue.Name}:9999").Env("APPFLOWY_GOTRUE_JWT_SECRET", jwt)
            .Env("APPFLOWY_BASE_URL", c.Url).Env("APPFLOWY_WEB_URL", c.Url)
            .Env("APPFLOWY_S3_CREATE_BUCKET", "true").Env("APPFLOWY_S3_USE_MINIO", "true")
            .Env("APPFLOWY_S3_MINIO_URL", $"http://{minio.Name}:9000").Env("APPFLOWY_S3_ACCESS_KEY", "appflowy")
            .Env("APPFLOWY_S3_SECRET_KEY", c.Secret("MINIO_PASSWORD")).Env("APPFLOWY_S3_BUCKET", "appflowy");
        return [cloud, db, gotrue, minio, redis];
    }

    /// <summary>A Ruby single-quoted string literal (GitLab's omnibus config is Ruby).</summary>
    private static string Ruby(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
