using System.Collections.Immutable;
using Werkbank.Access;
using Werkbank.Model;
using Werkbank.Targets.GitLab;
using Werkbank.Targets.Guacamole;
using Werkbank.Targets.Keycloak;
using Werkbank.Targets.Qdrant;

namespace Werkbank.Audit;

/// <summary>
/// Reads the rendered files back (realm, gateway, Guacamole mapping, GitLab plan, Qdrant plan)
/// and checks, user by user and service by service, that the access they grant is exactly the access of the
/// model: no more, no less. The model is the one decision; the files are what the systems will enforce.
/// </summary>
public static class AccessAudit
{
    public static AuditResult Run(PlatformModel model, string outDir)
    {
        var findings = new List<AuditFinding>();
        var read = new List<string>();

        void Check(string relative, bool expected, Action<Findings, string> check)
        {
            var path = Path.Combine(outDir, relative);
            var file = new Findings(relative);
            if (!File.Exists(path))
            {
                if (expected)
                {
                    file.Add("file", "is missing: run render");
                }
            }
            else if (!expected)
            {
                file.Add("file", "exists, but the inventory does not ask for it (stale or hand-made)");
            }
            else
            {
                read.Add(relative);
                try
                {
                    check(file, File.ReadAllText(path));
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or YamlDotNet.Core.YamlException or System.Xml.XmlException or InvalidCastException)
                {
                    file.Add("file", $"does not parse: {ex.Message}");
                }
            }

            findings.AddRange(file.Items);
        }

        var realm = new RealmAccess();
        Check(KeycloakTarget.Path(model), true, (f, text) => realm = RealmAudit.Check(model, Tree.Json(text), f));
        var traefik = model.Platform.Gateway == GatewayKind.Traefik;
        Check("traefik/dynamic.yml", traefik, (f, text) => GatewayAudit.CheckTraefik(model, Tree.Yaml(text), realm, f));
        Check("kong/kong.yml", !traefik, (f, text) => GatewayAudit.CheckKong(model, Tree.Yaml(text), f));
        Check(GuacamoleTarget.Path, model.HasService(ServiceCatalog.VmDoor), (f, text) => GuacamoleAudit.Check(model, text, f));
        Check(GitLabPlanTarget.Path, model.HasService("gitlab"), (f, text) => GitLabAudit.Check(model, Tree.Json(text), f));
        Check(QdrantPlan.Path, QdrantAudit.Expected(model), (f, text) => QdrantAudit.Check(model, text, f));

        return new AuditResult([.. findings], [.. read]);
    }

    /// <summary>What the model intends a user may do at a login-protected enforcement point: nothing unless active.</summary>
    internal static AccessLevel Intended(UserModel user, string service) =>
        user.State == UserState.Active ? user.LevelFor(service) : AccessLevel.None;

    internal static string Subject(string user, string? service = null) => service is null ? $"user {user}" : $"user {user}, {service}";
}

/// <summary>What the realm file lets each user do: enabled or not, and the level per service after expanding composite roles.</summary>
internal sealed class RealmAccess
{
    public Dictionary<string, bool> Enabled { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ImmutableSortedDictionary<string, AccessLevel>> Levels { get; } = new(StringComparer.Ordinal);

    public bool CanLogIn(string user) => Enabled.GetValueOrDefault(user);
}
