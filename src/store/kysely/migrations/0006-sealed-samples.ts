import type { Kysely } from 'kysely';
import { addColumns } from '../migration-ddl.ts';

// Sample file names and templates are sealed under the subject's data key from now on. Rows
// written before stay as they were (sealed = 0) until the runtime, which holds the master key,
// seals them on its next start (see docs/erasure.md); nothing is dropped here.
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, { samples: { sealed: 'integer default 0 not null' } });
}
