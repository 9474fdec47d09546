using Werkbank.Targets.Supabase;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Supabase;

/// <summary>
/// The example's team migration against a real PostgreSQL: minimal Supabase `storage` and `auth`
/// objects, the migration applied twice, then rows read and written as members of two teams, as a
/// team member without Supabase access and as nobody, with the claims Supabase's own token carries.
/// </summary>
public sealed class SupabaseMigrationTests
{
    // The few Supabase objects the migration references: auth.jwt() reads the request's claims the
    // way PostgREST sets them; storage.objects has row level security on, as in Supabase.
    private const string SupabaseStub = """
        create role authenticated nologin;
        create schema auth;
        create function auth.jwt() returns jsonb language sql stable as
          $$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;
        create schema storage;
        create table storage.buckets (id text primary key, name text not null, public boolean default false);
        create table storage.objects (id bigint generated always as identity primary key,
          bucket_id text references storage.buckets (id), name text not null);
        alter table storage.objects enable row level security;
        grant usage on schema auth, storage to authenticated;
        grant execute on function auth.jwt() to authenticated;
        grant select, insert, update, delete on storage.objects to authenticated;
        grant select on storage.buckets to authenticated;
        """;

    [Fact]
    public void Should_Let_Only_Team_Members_Read_And_Write_Their_Bucket()
    {
        using var pg = new PostgresCluster();
        using var temp = new TempDir();
        var migration = Migration(pg, temp);
        pg.Psql(file: migration).ShouldSucceed("first run");
        var policiesAfterFirst = pg.Psql(command: PolicyDump).ShouldSucceed("policies").StdOut;
        pg.Psql(file: migration).ShouldSucceed("second run");
        Assert.Equal(policiesAfterFirst, pg.Psql(command: PolicyDump).StdOut);
        Assert.Equal("4", pg.Psql(command: "select count(*) from storage.buckets").StdOut.Trim());

        // nobrien (platform-admin) is in platform and support; jgross (platform-admin) in platform only;
        // sdubois is in support, but an analyst's role grants no Supabase. The token's e-mail may differ in case.
        var nobrien = Email("nobrien").ToUpperInvariant();
        var jgross = Email("jgross");
        var sdubois = Email("sdubois");
        Assert.Equal("1", AsUser(pg, nobrien, "insert into storage.objects (bucket_id, name) values ('support', 's.pdf'); select count(*) from storage.objects;"));
        Assert.Equal("1", AsUser(pg, jgross, "insert into storage.objects (bucket_id, name) values ('platform', 'p.pdf'); select count(*) from storage.objects;"));
        Assert.Equal("2", AsUser(pg, nobrien, "select count(*) from storage.objects"));
        Assert.Equal("platform/p.pdf", AsUser(pg, jgross, "select string_agg(bucket_id || '/' || name, ',') from storage.objects"));
        Assert.Equal("0", AsUser(pg, sdubois, "select count(*) from storage.objects"));
        Assert.Equal("0", AsUser(pg, string.Empty, "select count(*) from storage.objects"));
        Assert.Equal("0", AsUser(pg, jgross, "update storage.objects set name = 'stolen' where bucket_id = 'support'; delete from storage.objects where bucket_id = 'support'; select count(*) from storage.objects where bucket_id = 'support'"));

        var foreignWrite = pg.Psql(command: AsUserSql(jgross, "insert into storage.objects (bucket_id, name) values ('support', 'x.pdf')"));
        Assert.NotEqual(0, foreignWrite.ExitCode);
        Assert.Contains("row-level security", foreignWrite.Output, StringComparison.Ordinal);
        // The member list itself is not readable by users.
        var list = pg.Psql(command: AsUserSql(nobrien, "select count(*) from werkbank.team_members"));
        Assert.NotEqual(0, list.ExitCode);
        Assert.Contains("permission denied", list.Output, StringComparison.Ordinal);
        Assert.Equal("platform/p.pdf,support/s.pdf", pg.Psql(command: "select string_agg(bucket_id || '/' || name, ',' order by bucket_id) from storage.objects").StdOut.Trim());
    }

    [Fact]
    public void Should_Replace_The_Member_List_On_Every_Run()
    {
        using var pg = new PostgresCluster();
        using var temp = new TempDir();
        var migration = Migration(pg, temp);
        pg.Psql(file: migration).ShouldSucceed("first run");
        // Someone who left the team since the last run.
        pg.Psql(command: "insert into werkbank.team_members (team, email) values ('support', 'gone@acme.example')").ShouldSucceed("stale member");
        Assert.Equal("1", AsUser(pg, "gone@acme.example", "insert into storage.objects (bucket_id, name) values ('support', 'g.pdf'); select count(*) from storage.objects;"));

        pg.Psql(file: migration).ShouldSucceed("second run");

        Assert.Equal("0", AsUser(pg, "gone@acme.example", "select count(*) from storage.objects"));
        Assert.Equal("0", pg.Psql(command: "select count(*) from werkbank.team_members where email = 'gone@acme.example'").StdOut.Trim());
    }

    private static string Migration(PostgresCluster pg, TempDir temp)
    {
        var path = temp.Combine("teams.sql");
        File.WriteAllBytes(path, TestRender.ExampleFiles().Single(f => f.Path == SupabaseTarget.MigrationPath).Content);
        pg.Psql(command: SupabaseStub).ShouldSucceed("stub");
        return path;
    }

    private static string Email(string user) => TestRender.ExampleBuild().Compilation.Model!.User(user)!.Email;

    [Fact]
    public void Should_Drop_The_Policy_Of_A_Team_That_Left_The_Inventory()
    {
        using var pg = new PostgresCluster();
        using var temp = new TempDir();
        var migration = temp.Combine("teams.sql");
        File.WriteAllBytes(migration, TestRender.ExampleFiles().Single(f => f.Path == SupabaseTarget.MigrationPath).Content);
        pg.Psql(command: SupabaseStub).ShouldSucceed("stub");
        pg.Psql(command: "create policy \"werkbank team gone\" on storage.objects for all to authenticated using (true)").ShouldSucceed("old policy");
        pg.Psql(command: "create policy \"keep me\" on storage.objects for select to authenticated using (false)").ShouldSucceed("foreign policy");

        pg.Psql(file: migration).ShouldSucceed("migration");

        var policies = pg.Psql(command: PolicyDump).StdOut;
        Assert.DoesNotContain("werkbank team gone", policies, StringComparison.Ordinal);
        Assert.Contains("keep me", policies, StringComparison.Ordinal);
        Assert.Contains("werkbank team support", policies, StringComparison.Ordinal);
    }

    private const string PolicyDump =
        "select policyname || ' ' || cmd || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '') from pg_policies where schemaname = 'storage' order by policyname";

    private static string AsUser(PostgresCluster pg, string email, string sql) =>
        pg.Psql(command: AsUserSql(email, sql)).ShouldSucceed(sql).StdOut.Trim().Split('\n')[^1];

    /// <summary>The claims of Supabase's own token after a Keycloak login: subject and e-mail, no groups.</summary>
    private static string AsUserSql(string email, string sql) =>
        $"begin; select set_config('request.jwt.claims', '{{\"sub\": \"u\", \"email\": \"{email}\"}}', true);\nset local role authenticated; {sql}; commit;";
}
