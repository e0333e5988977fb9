import type { Kysely } from 'kysely';

// Re-embedding a gallery onto another model: one job row per gallery (its progress marker, the
// last sample id done) and the second template set, sealed like the first, until the switch.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reembed_jobs')
    .addColumn('gallery_id', 'text', (c) => c.primaryKey())
    .addColumn('from_model_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addColumn('failed', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createTable('reembed_templates')
    .addColumn('sample_id', 'text', (c) => c.primaryKey())
    .addColumn('gallery_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reembed_templates_gallery').on('reembed_templates').column('gallery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reembed_templates').execute();
  await db.schema.dropTable('reembed_jobs').execute();
}
