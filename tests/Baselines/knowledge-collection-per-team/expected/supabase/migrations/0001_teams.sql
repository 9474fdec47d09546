-- Team document storage for tiny, rendered by Werkbank from inventory/teams/.
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

-- Whether the signed-in user belongs to the team. Security definer: users cannot read the list itself.
create or replace function werkbank.is_team_member(team_name text) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from werkbank.team_members m
                       where m.team = team_name and m.email = lower(auth.jwt() ->> 'email')) $$;
revoke all on function werkbank.is_team_member(text) from public;
grant usage on schema werkbank to authenticated;
grant execute on function werkbank.is_team_member(text) to authenticated;

create temporary table werkbank_team_policies (name text primary key) on commit drop;
insert into werkbank_team_policies (name) values ('werkbank team alpha');
insert into werkbank_team_policies (name) values ('werkbank team beta');

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

-- team alpha
insert into storage.buckets (id, name, public)
values ('alpha', 'alpha', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team alpha" on storage.objects;
create policy "werkbank team alpha" on storage.objects
  for all to authenticated
  using (bucket_id = 'alpha' and werkbank.is_team_member('alpha'))
  with check (bucket_id = 'alpha' and werkbank.is_team_member('alpha'));

-- team beta
insert into storage.buckets (id, name, public)
values ('beta', 'beta', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team beta" on storage.objects;
create policy "werkbank team beta" on storage.objects
  for all to authenticated
  using (bucket_id = 'beta' and werkbank.is_team_member('beta'))
  with check (bucket_id = 'beta' and werkbank.is_team_member('beta'));

commit;
