import type { Kysely } from 'kysely';

// Media galleries' items (signals and metadata, never the files), known-hash sets with their
// entries, and triage runs with one row per file. A gallery setting decides whether GPS is kept.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('galleries').addColumn('keep_gps', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('media_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gallery_id', 'text', (c) => c.notNull().references('galleries.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('md5', 'text', (c) => c.notNull())
    .addColumn('sha1', 'text', (c) => c.notNull())
    .addColumn('pdq', 'text')
    .addColumn('pdq_quality', 'integer')
    .addColumn('vpdq_frames', 'integer')
    .addColumn('vpdq', 'text')
    .addColumn('video', 'text')
    .addColumn('exif', 'text')
    .addColumn('triage_run_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_items_gallery_idx').on('media_items').column('gallery_id').execute();
  await db.schema.createIndex('media_items_sha256_idx').on('media_items').column('sha256').execute();

  await db.schema
    .createTable('hash_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('category_scheme', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('hash_sets_agency_name_unique', ['agency_id', 'name'])
    .execute();
  await db.schema
    .createTable('hash_set_entries')
    .addColumn('hash_set_id', 'text', (c) => c.notNull().references('hash_sets.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('md5', 'text')
    .addColumn('sha1', 'text')
    .addColumn('sha256', 'text')
    .addColumn('pdq', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('source_id', 'text')
    .addPrimaryKeyConstraint('hash_set_entries_pk', ['hash_set_id', 'seq'])
    .execute();
  for (const h of ['md5', 'sha1', 'sha256']) {
    await db.schema.createIndex(`hash_set_entries_${h}_idx`).on('hash_set_entries').column(h).execute();
  }

  await db.schema
    .createTable('triage_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('gallery_id', 'text')
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('triage_results')
    .addColumn('run_id', 'text', (c) => c.notNull().references('triage_runs.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('cluster', 'integer')
    .addColumn('error_code', 'text')
    .addColumn('media_item_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('triage_results_pk', ['run_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['triage_results', 'triage_runs', 'hash_set_entries', 'hash_sets', 'media_items']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('galleries').dropColumn('keep_gps').execute();
}
