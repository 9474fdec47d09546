-- Team document storage for acme-ai, rendered by Werkbank from inventory/teams/.
-- Idempotent: running it again changes nothing. Buckets are never deleted here (they hold the
-- teams' files); policies of teams that left the inventory are dropped.
-- Members are the team's active users whose role grants Supabase, by the e-mail address in their
-- Supabase token (auth.jwt() ->> 'email'; Supabase's Keycloak login carries no groups). The list is
-- replaced on every run: whoever left the team or was suspended loses the bucket with this migration.
begin;

create schema if not exists werkbank;
revoke all on schema werkbank from public;
create table if not exists werkbank.team_members (
  team text not null,
  email text not null,
  primary key (team, email)
);
delete from werkbank.team_members;
insert into werkbank.team_members (team, email) values ('platform', 'jgross@acme.example');
insert into werkbank.team_members (team, email) values ('platform', 'nobrien@acme.example');
insert into werkbank.team_members (team, email) values ('support', 'nobrien@acme.example');

-- Whether the signed-in user belongs to the team. Security definer: users cannot read the list itself.
create or replace function werkbank.is_team_member(team_name text) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from werkbank.team_members m
                       where m.team = team_name and m.email = lower(auth.jwt() ->> 'email')) $$;
revoke all on function werkbank.is_team_member(text) from public;
grant usage on schema werkbank to authenticated;
grant execute on function werkbank.is_team_member(text) to authenticated;

create temporary table werkbank_team_policies (name text primary key) on commit drop;
insert into werkbank_team_policies (name) values ('werkbank team data-science');
insert into werkbank_team_policies (name) values ('werkbank team platform');
insert into werkbank_team_policies (name) values ('werkbank team research');
insert into werkbank_team_policies (name) values ('werkbank team support');

do $werkbank$
declare
  stale record;
begin
  for stale in
    select p.policyname from pg_policies p
    where p.schemaname = 'storage' and p.tablename = 'objects' and p.policyname like 'werkbank team %'
      and p.policyname not in (select name from werkbank_team_policies)
  loop
    execute format('drop policy %I on storage.objects', stale.policyname);
  end loop;
end
$werkbank$;

-- team data-science
insert into storage.buckets (id, name, public)
values ('data-science', 'data-science', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team data-science" on storage.objects;
create policy "werkbank team data-science" on storage.objects
  for all to authenticated
  using (bucket_id = 'data-science' and werkbank.is_team_member('data-science'))
  with check (bucket_id = 'data-science' and werkbank.is_team_member('data-science'));

-- team platform
insert into storage.buckets (id, name, public)
values ('platform', 'platform', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team platform" on storage.objects;
create policy "werkbank team platform" on storage.objects
  for all to authenticated
  using (bucket_id = 'platform' and werkbank.is_team_member('platform'))
  with check (bucket_id = 'platform' and werkbank.is_team_member('platform'));

-- team research
insert into storage.buckets (id, name, public)
values ('research', 'research', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team research" on storage.objects;
create policy "werkbank team research" on storage.objects
  for all to authenticated
  using (bucket_id = 'research' and werkbank.is_team_member('research'))
  with check (bucket_id = 'research' and werkbank.is_team_member('research'));

-- team support
insert into storage.buckets (id, name, public)
values ('support', 'support', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team support" on storage.objects;
create policy "werkbank team support" on storage.objects
  for all to authenticated
  using (bucket_id = 'support' and werkbank.is_team_member('support'))
  with check (bucket_id = 'support' and werkbank.is_team_member('support'));

commit;
