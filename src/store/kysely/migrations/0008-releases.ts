import type { Kysely } from 'kysely';

// Releases of images to other agencies, with the PDQ hashes of the released bytes and of the
// original and the original's face template (sealed under the subject's data key).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('hit_id', 'text')
    .addColumn('gallery_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('sample_id', 'text', (c) => c.notNull())
    .addColumn('released_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('released_pdq', 'text')
    .addColumn('released_pdq_quality', 'integer')
    .addColumn('original_pdq', 'text')
    .addColumn('original_pdq_quality', 'integer')
    .addColumn('template', 'text')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('restricted_at', 'text')
    .execute();
  await db.schema.createIndex('releases_owner_idx').on('releases').column('owner_agency_id').execute();
  await db.schema.createIndex('releases_hit_idx').on('releases').columns(['hit_id', 'kind']).execute();
  await db.schema.createIndex('releases_subject_idx').on('releases').column('subject_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('releases').execute();
}
