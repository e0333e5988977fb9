import type { Kysely } from 'kysely';

// Audio fingerprints of recordings filed as objection evidence. Their own table: a fingerprint is
// far longer than a btree index row allows, so it cannot sit in objection_signals' (kind, value)
// index; it is matched through the audio index, never looked up by value.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objection_recordings')
    .addColumn('objection_id', 'text', (c) => c.notNull().references('objections.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('duration_seconds', 'double precision', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('objection_recordings_pk', ['objection_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('objection_recordings').execute();
}
