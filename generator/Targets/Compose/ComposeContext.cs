using Werkbank.Model;
using Werkbank.Targets.Tls;

namespace Werkbank.Targets.Compose;

/// <summary>What a recipe needs to know about the service it builds and its surroundings.</summary>
internal sealed record ComposeContext(PlatformModel Model, ServiceModel Service, HostModel Host)
{
    public string Name => Service.Name;

    public string Fqdn => Model.Fqdn(Service.Name);

    public string Url => $"https://{Fqdn}";

    public string Issuer => ServiceEndpoints.Issuer(Model);

    public string Image => ServiceImages.ImageOf(Service.Name, Service.Version);

    /// <summary>A ${NAME} placeholder for one secret of this service (filled from CI variables).</summary>
    public string Secret(string what) => "${" + ServiceEndpoints.Variable(Service.Name, what) + "}";

    /// <summary>The secret of the service's Keycloak client: the same placeholder as in the realm.</summary>
    public string ClientSecret => ServiceEndpoints.ClientSecretPlaceholder(ServiceEndpoints.ClientId(Service.Name));

    /// <summary>The URL another service is reached at from here: the container when it runs beside us, else through the gateway.</summary>
    public string UrlOf(string service) =>
        Model.Service(service) is { } other && other.HostName == Host.Name
            ? $"http://{service}:{ServiceEndpoints.PortOf(service)}"
            : $"https://{Model.Fqdn(service)}";

    /// <summary>
    /// Lets <paramref name="container"/> trust the internal CA (platform.tls.ca_certificate) for its own
    /// https calls, above all to Keycloak, the way its runtime reads extra CAs: Node adds
    /// NODE_EXTRA_CA_CERTS to its built-in roots; Go reads every file in SSL_CERT_DIR besides the
    /// system bundle. Without an internal CA it does nothing: a public CA is trusted already.
    /// </summary>
    public Container TrustsInternalCa(Container container, CaReader reader)
    {
        if (Model.Platform.InternalCa.IsEmpty)
        {
            return container;
        }

        container.Files["../../" + Path.GetDirectoryName(GatewayTls.CaFile)] = GatewayTls.ContainerFolder;
        switch (reader)
        {
            case CaReader.Node:
                container.Env("NODE_EXTRA_CA_CERTS", GatewayTls.ContainerCaFile);
                break;
            case CaReader.Go:
                container.Env("SSL_CERT_DIR", GatewayTls.ContainerFolder);
                break;
            case CaReader.Configured:
                break; // the container's own configuration names the file
        }

        return container;
    }

    /// <summary>A PostgreSQL sidecar named &lt;service&gt;-db with its own volume and password variable.</summary>
    public Container Postgres(string database, string image = "postgres")
    {
        var db = new Container($"{Name}-db", ServiceImages.ImageOf(image))
        {
            Healthcheck = ["CMD-SHELL", $"pg_isready -U {database} -d {database}"],
        }.Limits(1.0, 1024);
        db.Env("POSTGRES_DB", database).Env("POSTGRES_USER", database).Env("POSTGRES_PASSWORD", Secret("DB_PASSWORD"));
        db.Volumes[$"{Name}-db"] = "/var/lib/postgresql/data";
        return db;
    }

    /// <summary>A Redis sidecar named &lt;service&gt;-redis, password protected.</summary>
    public Container Redis()
    {
        var redis = new Container($"{Name}-redis", ServiceImages.ImageOf("redis"))
        {
            Command = ["redis-server", "--requirepass", Secret("REDIS_PASSWORD"), "--appendonly", "yes"],
            Healthcheck = ["CMD-SHELL", "redis-cli -a \"$$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG"],
        }.Limits(0.5, 512);
        redis.Env("REDIS_PASSWORD", Secret("REDIS_PASSWORD"));
        redis.Volumes[$"{Name}-redis"] = "/data";
        return redis;
    }

    /// <summary>A MinIO sidecar named &lt;service&gt;-minio that creates its bucket on start.</summary>
    public Container Minio(string bucket)
    {
        var minio = new Container($"{Name}-minio", ServiceImages.ImageOf("minio"))
        {
            Entrypoint = ["sh", "-c"],
            Command = [$"mkdir -p /data/{bucket} && exec minio server --address :9000 --console-address :9001 /data"],
            Healthcheck = ["CMD", "mc", "ready", "local"],
        }.Limits(1.0, 1024);
        minio.Env("MINIO_ROOT_USER", Name).Env("MINIO_ROOT_PASSWORD", Secret("MINIO_PASSWORD"));
        minio.Volumes[$"{Name}-minio"] = "/data";
        return minio;
    }
}

/// <summary>How a container's runtime learns about an extra CA.</summary>
internal enum CaReader
{
    /// <summary>NODE_EXTRA_CA_CERTS (Node.js: NextAuth, ...).</summary>
    Node,

    /// <summary>SSL_CERT_DIR (Go's crypto/x509: GoTrue, ...).</summary>
    Go,

    /// <summary>Only mounted: the service's configuration names the file (oauth2-proxy's provider_ca_files).</summary>
    Configured,
}
