using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Supabase;

/// <summary>
/// out/supabase/migrations/0001_teams.sql: a private storage bucket per team and a row-level-security
/// policy on storage.objects that lets only the team's members read and write it. Members are the
/// team's active users whose role grants Supabase, listed by e-mail in werkbank.team_members: Supabase's
/// own token (GoTrue signs it; its Keycloak login keeps name, e-mail and subject of the Keycloak user,
/// no groups) carries the e-mail, which Keycloak verified, and nothing about teams.
/// </summary>
public sealed class SupabaseTarget : ITarget
{
    public const string MigrationPath = "supabase/migrations/0001_teams.sql";

    public string Name => "supabase";

    public void Render(RenderContext context, OutputSink output)
    {
        var model = context.Model;
        if (!model.HasService("supabase") || model.Teams.IsEmpty)
        {
            return;
        }

        var members = Members(model);
        var view = new TeamsMigrationView(
            model.Platform.Name,
            [.. model.Teams.Select(t => new TeamBucketView(t.Name, Bucket(t.Name), PolicyName(t.Name), [.. members[t.Name].Select(u => u.Email.ToLowerInvariant())]))]);
        var sources = model.Teams.Select(t => Source.Team(t.Name))
            .Concat(members.SelectMany(m => m).Select(u => Source.User(u.Name)))
            .Concat(model.Roles.Select(r => Source.Role(r.Name)))
            .Append(Source.Service("supabase"));
        output.Add(context.Templates.RenderFile(MigrationPath, "supabase/teams.sql.sbn", view, sources));
    }

    /// <summary>Who may use each team's bucket: its active members whose role grants Supabase, by name.</summary>
    private static ILookup<string, UserModel> Members(PlatformModel model) =>
        model.ActiveUsers
            .Where(u => u.LevelFor("supabase") != AccessLevel.None)
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .SelectMany(u => u.Teams.Select(t => (Team: t, User: u)))
            .ToLookup(p => p.Team, p => p.User, StringComparer.Ordinal);

    public static string Bucket(string team) => team;

    public static string PolicyName(string team) => $"werkbank team {team}";
}

/// <summary>What templates/supabase/teams.sql.sbn sees.</summary>
public sealed record TeamsMigrationView(string Platform, IReadOnlyList<TeamBucketView> Teams);

/// <summary>One team: its bucket, its policy's name, and its members' e-mail addresses (lower case).</summary>
public sealed record TeamBucketView(string Name, string Bucket, string Policy, IReadOnlyList<string> Emails);
