using System.Text;
using Werkbank.Model;
using Werkbank.Output;
using Werkbank.Templates;

namespace Werkbank.Targets.AccessMatrix;

/// <summary>
/// out/reports/access-matrix.md and .csv: every user x every service a role can be granted, with the level
/// and the inventory file:line that grants it (the role's access entry, its "*", or the services.yaml entry
/// of guacamole). Read straight from the model, which every enforcement point is compiled from.
/// </summary>
public sealed class AccessMatrixTarget : ITarget
{
    public string Name => "access-matrix";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        var services = Columns(model);
        var users = model.Users.OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
        var sources = users.Select(u => Source.User(u.Name)).Concat(model.Roles.Select(r => Source.Role(r.Name))).Append(Source.Platform);
        output.Add(OutputFile.Text("reports/access-matrix.md", Markdown(model, services, users), sources));
        output.Add(OutputFile.Text("reports/access-matrix.csv", Csv(services, users), sources));
    }

    public static IReadOnlyList<string> Columns(PlatformModel model) =>
        [.. model.Services.Select(s => s.Name).Where(s => !ServiceCatalog.IsInfrastructure(s))];

    private static string Markdown(PlatformModel model, IReadOnlyList<string> services, IReadOnlyList<UserModel> users)
    {
        var text = new StringBuilder();
        text.Append("# Access matrix\n\n");
        text.Append("Rendered by Werkbank from the inventory: who may use which central service, at which level, and the\n");
        text.Append("inventory line that grants it. Keycloak, the gateway, Guacamole and GitLab are compiled from the same\n");
        text.Append("decision; `werkbank audit` checks that they agree. Suspended users keep their grants on paper but are\n");
        text.Append("disabled everywhere; removed users have none. `werkbank explain <user>` shows one user in detail.\n\n");
        text.Append("| user | name | state | role | teams | ").Append(string.Join(" | ", services.Select(Escape.Markdown))).Append(" |\n");
        text.Append("|---|---|---|---|---|").Append(string.Concat(services.Select(_ => "---|"))).Append('\n');
        foreach (var user in users)
        {
            text.Append("| ").Append(Escape.Markdown(user.Name))
                .Append(" | ").Append(Escape.Markdown(user.FullName))
                .Append(" | ").Append(State(user))
                .Append(" | ").Append(Escape.Markdown(user.Role))
                .Append(" | ").Append(Escape.Markdown(string.Join(", ", user.Teams)))
                .Append(" | ").Append(string.Join(" | ", services.Select(s => Cell(user, s))))
                .Append(" |\n");
        }

        text.Append("\n## Grants by role\n\n| role | service | level | granted by |\n|---|---|---|---|\n");
        foreach (var role in model.Roles)
        {
            foreach (var (service, grant) in role.Access)
            {
                text.Append(CultureInvariant($"| {Escape.Markdown(role.Name)} | {Escape.Markdown(service)} | {Level(grant.Level)} | {Escape.Markdown(grant.GrantedBy.ToString())} |\n"));
            }
        }

        return text.ToString();
    }

    private static string CultureInvariant(FormattableString value) => FormattableString.Invariant(value);

    private static string Cell(UserModel user, string service) =>
        user.Access.TryGetValue(service, out var grant)
            ? $"{Level(grant.Level)} ({Escape.Markdown($"{grant.GrantedBy.File}:{grant.GrantedBy.Line}")})"
            : "-";

    private static string State(UserModel user) => user.State.ToString().ToLowerInvariant();

    private static string Level(AccessLevel level) => level.ToString().ToLowerInvariant();

    private static string Csv(IReadOnlyList<string> services, IReadOnlyList<UserModel> users)
    {
        var text = new StringBuilder("user,full_name,state,role,teams,service,level,granted_by,reason\n");
        foreach (var user in users)
        {
            foreach (var service in services)
            {
                var grant = user.Access.GetValueOrDefault(service);
                string[] fields =
                [
                    user.Name, user.FullName, State(user), user.Role, string.Join(" ", user.Teams), service,
                    Level(grant?.Level ?? AccessLevel.None), grant is null ? string.Empty : $"{grant.GrantedBy.File}:{grant.GrantedBy.Line}", grant?.Reason ?? string.Empty,
                ];
                text.Append(string.Join(",", fields.Select(CsvField))).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; a leading =+-@ is defused for spreadsheets.</summary>
    public static string CsvField(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 || safe != value
            ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : safe;
    }
}
