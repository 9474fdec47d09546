-- Team document storage for tiny, rendered by Werkbank from inventory/teams/.
-- Idempotent: running it again changes nothing. Buckets are never deleted here (they hold the
-- teams' files); policies of teams that left the inventory are dropped.
-- A member is recognised by the groups claim of their Keycloak token (auth.jwt() -> 'groups'),
-- holding the group either by name or by path ('/<team>').
begin;

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
  using (bucket_id = 'alpha' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['alpha', '/alpha'])
  with check (bucket_id = 'alpha' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['alpha', '/alpha']);

-- team beta
insert into storage.buckets (id, name, public)
values ('beta', 'beta', false)
on conflict (id) do nothing;

drop policy if exists "werkbank team beta" on storage.objects;
create policy "werkbank team beta" on storage.objects
  for all to authenticated
  using (bucket_id = 'beta' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['beta', '/beta'])
  with check (bucket_id = 'beta' and coalesce(auth.jwt() -> 'groups', '[]'::jsonb) ?| array['beta', '/beta']);

commit;
