import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Re-embedding a gallery onto another model: one job row per gallery (its progress marker, the
// last sample id done) and the second template set, sealed like the first, until the switch.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'reembed_jobs', {
    gallery_id: 'text primary key',
    from_model_id: 'text not null',
    model_id: 'text not null',
    state: 'text not null',
    cursor: 'text',
    total: 'integer not null',
    done: 'integer not null',
    failed: 'text not null',
    started_by: 'text not null',
    started_at: 'text not null',
    finished_at: 'text',
  });
  await createTable(db, 'reembed_templates', {
    sample_id: 'text primary key',
    gallery_id: 'text not null',
    model_id: 'text not null',
    template: 'text not null',
    reembed_templates_gallery: 'index (gallery_id)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['reembed_templates', 'reembed_jobs']);
}
