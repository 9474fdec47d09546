using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Werkbank.Tests.Targets.Kong;

/// <summary>
/// A strict typed model of Kong OSS 3.9's declarative format (the parts of its schema Werkbank may use):
/// unknown keys fail deserialization, enumerations and references are checked. There is no Kong binary here.
/// </summary>
internal static partial class KongDeclarative
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^(\*\.(?<h>([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?)|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.\*)?)$")]
    private static partial System.Text.RegularExpressions.Regex SniName();

    public sealed class Document
    {
        [YamlMember(Alias = "_format_version", ApplyNamingConventions = false)]
        public string FormatVersion { get; set; } = string.Empty;

        [YamlMember(Alias = "_transform", ApplyNamingConventions = false)]
        public bool? Transform { get; set; }

        public List<Certificate> Certificates { get; set; } = [];

        public List<Service> Services { get; set; } = [];

        public List<Consumer> Consumers { get; set; } = [];

        public List<Plugin> Plugins { get; set; } = [];
    }

    /// <summary>A certificate with its SNIs nested (declarative config nests an entity's children by their plural name).</summary>
    public sealed class Certificate
    {
        public string Cert { get; set; } = string.Empty;

        public string Key { get; set; } = string.Empty;

        public string? CertAlt { get; set; }

        public string? KeyAlt { get; set; }

        public List<string>? Tags { get; set; }

        public List<Sni> Snis { get; set; } = [];
    }

    public sealed class Sni
    {
        public string Name { get; set; } = string.Empty;

        public List<string>? Tags { get; set; }
    }

    public sealed class Service
    {
        public string Name { get; set; } = string.Empty;

        public string? Url { get; set; }

        public string? Protocol { get; set; }

        public string? Host { get; set; }

        public int? Port { get; set; }

        public string? Path { get; set; }

        public int? Retries { get; set; }

        public int? ConnectTimeout { get; set; }

        public int? ReadTimeout { get; set; }

        public int? WriteTimeout { get; set; }

        public List<string>? Tags { get; set; }

        public bool? Enabled { get; set; }

        public List<Route> Routes { get; set; } = [];

        public List<Plugin> Plugins { get; set; } = [];
    }

    public sealed class Route
    {
        public string Name { get; set; } = string.Empty;

        public List<string>? Hosts { get; set; }

        public List<string>? Paths { get; set; }

        public List<string>? Methods { get; set; }

        public List<string> Protocols { get; set; } = [];

        public bool? PreserveHost { get; set; }

        public bool? StripPath { get; set; }

        public int? HttpsRedirectStatusCode { get; set; }

        public List<string>? Tags { get; set; }
    }

    public sealed class Consumer
    {
        public string Username { get; set; } = string.Empty;

        public string? CustomId { get; set; }

        public List<string>? Tags { get; set; }

        public List<Acl> Acls { get; set; } = [];

        public List<JwtSecret> JwtSecrets { get; set; } = [];
    }

    public sealed class Acl
    {
        public string Group { get; set; } = string.Empty;

        public List<string>? Tags { get; set; }
    }

    public sealed class JwtSecret
    {
        public string Key { get; set; } = string.Empty;

        public string Algorithm { get; set; } = string.Empty;

        public string? RsaPublicKey { get; set; }

        public string? Secret { get; set; }
    }

    public sealed class Plugin
    {
        public string Name { get; set; } = string.Empty;

        public string? Consumer { get; set; }

        public string? Service { get; set; }

        public string? Route { get; set; }

        public bool? Enabled { get; set; }

        public List<string>? Protocols { get; set; }

        public Dictionary<string, object> Config { get; set; } = [];
    }

    public sealed class JwtConfig
    {
        public List<string>? UriParamNames { get; set; }

        public List<string>? CookieNames { get; set; }

        public List<string>? HeaderNames { get; set; }

        public List<string>? ClaimsToVerify { get; set; }

        public string? KeyClaimName { get; set; }

        public bool? SecretIsBase64 { get; set; }

        public string? Anonymous { get; set; }

        public bool? RunOnPreflight { get; set; }

        public double? MaximumExpiration { get; set; }

        public string? Realm { get; set; }
    }

    public sealed class AclConfig
    {
        public List<string>? Allow { get; set; }

        public List<string>? Deny { get; set; }

        public bool? HideGroupsHeader { get; set; }

        public bool? AlwaysUseAuthenticatedGroups { get; set; }
    }

    public sealed class RateLimitingConfig
    {
        public int? Second { get; set; }

        public int? Minute { get; set; }

        public int? Hour { get; set; }

        public int? Day { get; set; }

        public string? LimitBy { get; set; }

        public string? Policy { get; set; }

        public bool? FaultTolerant { get; set; }

        public bool? HideClientHeaders { get; set; }
    }

    public sealed class TransformerPart
    {
        public List<string>? Headers { get; set; }

        public List<string>? Json { get; set; }

        public List<string>? JsonTypes { get; set; }
    }

    public sealed class ResponseTransformerConfig
    {
        public TransformerPart? Remove { get; set; }

        public TransformerPart? Rename { get; set; }

        public TransformerPart? Replace { get; set; }

        public TransformerPart? Add { get; set; }

        public TransformerPart? Append { get; set; }
    }

    private static readonly IDeserializer Strict = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    private static readonly ISerializer Writer = new SerializerBuilder().Build();

    private static readonly string[] Protocols = ["http", "https", "grpc", "grpcs", "tcp", "tls", "udp", "ws", "wss"];

    private static readonly string[] Algorithms = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA"];

    /// <summary>Deserializes strictly and returns every schema problem (empty: valid).</summary>
    public static (Document Document, List<string> Problems) Validate(string yaml)
    {
        var document = Strict.Deserialize<Document>(yaml);
        var problems = new List<string>();
        if (document.FormatVersion != "3.0")
        {
            problems.Add($"_format_version is '{document.FormatVersion}'");
        }

        foreach (var certificate in document.Certificates)
        {
            if (certificate.Cert.Length == 0 || certificate.Key.Length == 0)
            {
                problems.Add("certificate without cert or key");
            }

            // Kong's SNI names: a host name, or one with a single wildcard as its leftmost (or rightmost) label.
            problems.AddRange(certificate.Snis.Where(sni => !SniName().IsMatch(sni.Name)).Select(sni => $"sni {sni.Name}: not a host name"));
        }

        Unique(problems, "sni", document.Certificates.SelectMany(c => c.Snis).Select(s => s.Name));
        var services = document.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = document.Consumers.Select(c => c.Username).ToHashSet(StringComparer.Ordinal);
        Unique(problems, "service", document.Services.Select(s => s.Name));
        Unique(problems, "route", document.Services.SelectMany(s => s.Routes).Select(r => r.Name));
        Unique(problems, "consumer", document.Consumers.Select(c => c.Username));
        foreach (var route in document.Services.SelectMany(s => s.Routes))
        {
            problems.AddRange(route.Protocols.Where(p => !Protocols.Contains(p)).Select(p => $"route {route.Name}: protocol {p}"));
        }

        foreach (var secret in document.Consumers.SelectMany(c => c.JwtSecrets))
        {
            if (!Algorithms.Contains(secret.Algorithm))
            {
                problems.Add($"jwt secret {secret.Key}: algorithm {secret.Algorithm}");
            }

            if (secret.Algorithm.StartsWith("RS", StringComparison.Ordinal) && string.IsNullOrEmpty(secret.RsaPublicKey))
            {
                problems.Add($"jwt secret {secret.Key}: RS algorithm without rsa_public_key");
            }
        }

        foreach (var plugin in document.Plugins.Concat(document.Services.SelectMany(s => s.Plugins)))
        {
            if (plugin.Consumer is { } consumer && !consumers.Contains(consumer))
            {
                problems.Add($"plugin {plugin.Name}: unknown consumer {consumer}");
            }

            if (plugin.Service is { } service && !services.Contains(service))
            {
                problems.Add($"plugin {plugin.Name}: unknown service {service}");
            }

            var config = Writer.Serialize(plugin.Config);
            switch (plugin.Name)
            {
                case "jwt":
                    Strict.Deserialize<JwtConfig>(config);
                    break;
                case "acl":
                    var acl = Strict.Deserialize<AclConfig>(config);
                    if ((acl.Allow?.Count ?? 0) + (acl.Deny?.Count ?? 0) == 0)
                    {
                        problems.Add("acl plugin without allow or deny");
                    }

                    break;
                case "rate-limiting":
                    var limit = Strict.Deserialize<RateLimitingConfig>(config);
                    if (limit.Policy is not (null or "local" or "cluster" or "redis") || limit.LimitBy is not (null or "consumer" or "credential" or "ip" or "service" or "header" or "path"))
                    {
                        problems.Add($"rate-limiting: policy {limit.Policy}, limit_by {limit.LimitBy}");
                    }

                    break;
                case "response-transformer":
                    Strict.Deserialize<ResponseTransformerConfig>(config);
                    break;
                default:
                    problems.Add($"plugin {plugin.Name} is not one Werkbank uses");
                    break;
            }
        }

        return (document, problems);
    }

    private static void Unique(List<string> problems, string what, IEnumerable<string> names) =>
        problems.AddRange(names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{what} {g.Key} is defined twice"));
}
