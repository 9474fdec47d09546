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

    private static RenderedText Markdown(PlatformModel model, IReadOnlyList<string> services, IReadOnlyList<UserModel> users)
    {
        var rendered = new RenderedText();
        var text = rendered.Builder;
        text.Append("# Access matrix\n\n");
        text.Append("Rendered by Werkbank from the inventory: who may use which central service, at which level, and the\n");
        text.Append("inventory line that grants it. Keycloak, the gateway, Guacamole and GitLab are compiled from the same\n");
        text.Append("decision; `werkbank audit` checks that they agree. Suspended users keep their grants on paper but are\n");
        text.Append("disabled everywhere; removed users have none. `werkbank explain <user>` shows one user in detail.\n\n");
        text.Append("| user | name | state | role | teams | ").Append(string.Join(" | ", services.Select(Escape.Markdown))).Append(" |\n");
        text.Append("|---|---|---|---|---|").Append(string.Concat(services.Select(_ => "---|"))).Append('\n');
        // Appended field by field: at 10,000 users the table has ~150,000 cells (no string per cell).
        foreach (var user in users)
        {
            text.Append("| ");
            Escape.AppendMarkdown(text, user.Name).Append(" | ");
            Escape.AppendMarkdown(text, user.FullName).Append(" | ").Append(State(user)).Append(" | ");
            Escape.AppendMarkdown(text, user.Role).Append(" | ");
            for (var i = 0; i < user.Teams.Length; i++)
            {
                Escape.AppendMarkdown(i == 0 ? text : text.Append(", "), user.Teams[i]);
            }

            foreach (var service in services)
            {
                text.Append(" | ");
                AppendCell(text, user, service);
            }

            text.Append(" |\n");
            rendered.Spill();
        }

        text.Append("\n## Grants by role\n\n| role | service | level | granted by |\n|---|---|---|---|\n");
        foreach (var role in model.Roles)
        {
            foreach (var (service, grant) in role.Access)
            {
                text.Append(CultureInvariant($"| {Escape.Markdown(role.Name)} | {Escape.Markdown(service)} | {Level(grant.Level)} | {Escape.Markdown(grant.GrantedBy.ToString())} |\n"));
            }
        }

        return rendered;
    }

    private static string CultureInvariant(FormattableString value) => FormattableString.Invariant(value);

    private static void AppendCell(StringBuilder text, UserModel user, string service)
    {
        if (user.Access.TryGetValue(service, out var grant))
        {
            text.Append(Level(grant.Level)).Append(" (");
            Escape.AppendMarkdown(text, grant.GrantedBy.File).Append(':').Append(grant.GrantedBy.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
        }
        else
        {
            text.Append('-');
        }
    }

    private static string State(UserModel user) => StateNames[user.State];

    private static readonly System.Collections.Frozen.FrozenDictionary<UserState, string> StateNames =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Enum.GetValues<UserState>(), s => s, s => s.ToString().ToLowerInvariant());

    private static string Level(AccessLevel level) => LevelNames[level];

    // Written into ~150,000 cells at 10,000 users: named once.
    private static readonly System.Collections.Frozen.FrozenDictionary<AccessLevel, string> LevelNames =
        System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Enum.GetValues<AccessLevel>(), l => l, l => l.ToString().ToLowerInvariant());

    private static RenderedText Csv(IReadOnlyList<string> services, IReadOnlyList<UserModel> users)
    {
        var rendered = new RenderedText(); // ~11 MB at 10,000 users: encoded as it grows
        var text = rendered.Builder.Append("user,full_name,state,role,teams,service,level,granted_by,reason\n");
        string[] serviceFields = [.. services.Select(CsvField)];
        var grantedBy = new Dictionary<(string File, int Line), string>(); // a role's grant line serves thousands of rows
        foreach (var user in users)
        {
            // The user's columns are the same on each of its rows: escaped once.
            var prefix = $"{CsvField(user.Name)},{CsvField(user.FullName)},{CsvField(State(user))},{CsvField(user.Role)},{CsvField(string.Join(" ", user.Teams))},";
            for (var i = 0; i < services.Count; i++)
            {
                var grant = user.Access.GetValueOrDefault(services[i]);
                text.Append(prefix).Append(serviceFields[i]).Append(',').Append(CsvField(Level(grant?.Level ?? AccessLevel.None))).Append(',');
                if (grant is not null)
                {
                    var at = (grant.GrantedBy.File, grant.GrantedBy.Line);
                    if (!grantedBy.TryGetValue(at, out var field))
                    {
                        grantedBy[at] = field = CsvField($"{at.File}:{at.Line}");
                    }

                    text.Append(field).Append(',').Append(CsvField(grant.Reason));
                }
                else
                {
                    text.Append(',');
                }

                text.Append('\n');
            }

            rendered.Spill();
        }

        return rendered;
    }

    private static readonly System.Buffers.SearchValues<char> CsvQuoted = System.Buffers.SearchValues.Create(",\"\n\r");

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; a leading =+-@ is defused for spreadsheets.</summary>
    public static string CsvField(string value)
    {
        var safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;
        return safe.AsSpan().IndexOfAny(CsvQuoted) >= 0 || safe != value
            ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : safe;
    }
}
