using Werkbank.Model;
using Werkbank.Output;

namespace Werkbank.Targets.Supabase;

/// <summary>
/// out/supabase/migrations/0001_teams.sql: a private storage bucket per team and a row-level-security
/// policy on storage.objects that lets only the team's members (by the Keycloak groups claim) read
/// and write it. Membership lives in the token, not in the SQL, so adding a user changes nothing here.
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

        var view = new TeamsMigrationView(
            model.Platform.Name,
            [.. model.Teams.Select(t => new TeamBucketView(t.Name, Bucket(t.Name), PolicyName(t.Name), [t.Name, $"/{t.Name}"]))]);
        var sources = model.Teams.Select(t => Source.Team(t.Name)).Append(Source.Service("supabase"));
        output.Add(context.Templates.RenderFile(MigrationPath, "supabase/teams.sql.sbn", view, sources));
    }

    public static string Bucket(string team) => team;

    public static string PolicyName(string team) => $"werkbank team {team}";
}

/// <summary>What templates/supabase/teams.sql.sbn sees.</summary>
public sealed record TeamsMigrationView(string Platform, IReadOnlyList<TeamBucketView> Teams);

/// <summary>One team: its bucket, its policy's name, and the group claim values that make a member.</summary>
public sealed record TeamBucketView(string Name, string Bucket, string Policy, IReadOnlyList<string> Groups);
