import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../migration-ddl.ts';

// Replicas on one PostgreSQL: every committed index change wakes the other processes' indexes
// (NOTIFY, delivered at commit). SQLite serves one process and needs nothing.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await sql`create or replace function abgleich_index_change_notice() returns trigger language plpgsql as $$
    begin perform pg_notify('abgleich_index_changes', ''); return null; end $$`.execute(db);
  await sql`create trigger index_changes_notice after insert on index_changes for each statement execute function abgleich_index_change_notice()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await isPostgres(db))) return;
  await sql`drop trigger if exists index_changes_notice on index_changes`.execute(db);
  await sql`drop function if exists abgleich_index_change_notice()`.execute(db);
}
