-- Team document storage for acme-ai, rendered by Werkbank from inventory/teams/.
-- Idempotent: running it again changes nothing. Buckets are never deleted here (they hold the
-- teams' files); policies of teams that left the inventory are dropped.
-- A member is recognised by the groups claim of their Keycloak token (auth.jwt() -> 'groups'),
-- holding the group either by name or by path ('/<team>').
begin;

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
  using (bucket_id = 'data-science' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['data-science', '/data-science'])
  with check (bucket_id = 'data-science' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['data-science', '/data-science']);

-- team platform
insert into storage.buckets (id, name, public)
values ('platform', 'platform', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team platform" on storage.objects;
create policy "werkbank team platform" on storage.objects
  for all to authenticated
  using (bucket_id = 'platform' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['platform', '/platform'])
  with check (bucket_id = 'platform' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['platform', '/platform']);

-- team research
insert into storage.buckets (id, name, public)
values ('research', 'research', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team research" on storage.objects;
create policy "werkbank team research" on storage.objects
  for all to authenticated
  using (bucket_id = 'research' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['research', '/research'])
  with check (bucket_id = 'research' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['research', '/research']);

-- team support
insert into storage.buckets (id, name, public)
values ('support', 'support', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team support" on storage.objects;
create policy "werkbank team support" on storage.objects
  for all to authenticated
  using (bucket_id = 'support' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['support', '/support'])
  with check (bucket_id = 'support' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['support', '/support']);

commit;
