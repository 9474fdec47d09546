using Werkbank.Targets.Supabase;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Supabase;

/// <summary>
/// The example's team migration against a real PostgreSQL: minimal Supabase `storage` and `auth`
/// objects, the migration applied twice, then rows read and written as members of two teams.
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
        var migration = temp.Combine("teams.sql");
        File.WriteAllBytes(migration, TestRender.ExampleFiles().Single(f => f.Path == SupabaseTarget.MigrationPath).Content);
        pg.Psql(command: SupabaseStub).ShouldSucceed("stub");

        pg.Psql(file: migration).ShouldSucceed("first run");
        var policiesAfterFirst = pg.Psql(command: PolicyDump).ShouldSucceed("policies").StdOut;
        pg.Psql(file: migration).ShouldSucceed("second run");
        Assert.Equal(policiesAfterFirst, pg.Psql(command: PolicyDump).StdOut);
        Assert.Equal("4", pg.Psql(command: "select count(*) from storage.buckets").StdOut.Trim());

        // data-science (by group path, as Keycloak's full-path mapper writes it) and support (by name).
        Assert.Equal("1", AsMember(pg, """["/data-science"]""", "insert into storage.objects (bucket_id, name) values ('data-science', 'a.pdf'); select count(*) from storage.objects;"));
        Assert.Equal("1", AsMember(pg, """["support"]""", "insert into storage.objects (bucket_id, name) values ('support', 's.pdf'); select count(*) from storage.objects;"));

        Assert.Equal("data-science/a.pdf", AsMember(pg, """["/data-science"]""", "select bucket_id || '/' || name from storage.objects"));
        Assert.Equal("support/s.pdf", AsMember(pg, """["support"]""", "select bucket_id || '/' || name from storage.objects"));
        Assert.Equal("0", AsMember(pg, "[]", "select count(*) from storage.objects"));
        Assert.Equal("0", AsMember(pg, """["/support"]""", "update storage.objects set name = 'stolen' where bucket_id = 'data-science'; delete from storage.objects where bucket_id = 'data-science'; select count(*) from storage.objects where bucket_id = 'data-science'"));

        var foreignWrite = pg.Psql(command: AsMemberSql("""["support"]""", "insert into storage.objects (bucket_id, name) values ('data-science', 'x.pdf')"));
        Assert.NotEqual(0, foreignWrite.ExitCode);
        Assert.Contains("row-level security", foreignWrite.Output, StringComparison.Ordinal);
        Assert.Equal("data-science/a.pdf,support/s.pdf", pg.Psql(command: "select string_agg(bucket_id || '/' || name, ',' order by bucket_id) from storage.objects").StdOut.Trim());
    }

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

    private static string AsMember(PostgresCluster pg, string groups, string sql) =>
        pg.Psql(command: AsMemberSql(groups, sql)).ShouldSucceed(sql).StdOut.Trim().Split('\n')[^1];

    private static string AsMemberSql(string groups, string sql) =>
        $"begin; select set_config('request.jwt.claims', '{{\"sub\": \"u\", \"groups\": {groups}}}', true);\nset local role authenticated; {sql}; commit;";
}
