import type { Kysely } from 'kysely';
import { addColumns } from '../migration-ddl.ts';

// Audio fingerprints on known-hash list entries: JSON { durationSeconds, fingerprint (base64 of
// little-endian uint32 Chromaprint sub-fingerprints) }, null for entries without one.
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, { hash_set_entries: { audio: 'text' } });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hash_set_entries').dropColumn('audio').execute();
}
