import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Audio fingerprints of recordings filed as objection evidence. Their own table: a fingerprint is
// far longer than a btree index row allows, so it cannot sit in objection_signals' (kind, value)
// index; it is matched through the audio index, never looked up by value.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'objection_recordings', {
    objection_id: 'text not null references objections.id on delete cascade',
    seq: 'integer not null',
    duration_seconds: 'double precision not null',
    fingerprint: 'text not null',
    created_at: 'text not null',
    objection_recordings_pk: 'primary key (objection_id, seq)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['objection_recordings']);
}
