import { sql, type Kysely } from 'kysely';

// Subjects, samples, agreements, searches, potential hits, reviews, disclosures, notifications and
// the index change feed. Binary values (ciphertexts, templates) are base64 text in both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);
  await db.schema.alterTable('agencies').addColumn('reviews_required', 'integer', (c) => c.notNull().defaultTo(2)).execute();
  await db.schema.alterTable('agencies').addColumn('single_review_basis', 'text').execute();
  await db.schema.alterTable('galleries').addColumn('threshold_fmr', 'double precision', (c) => c.notNull().defaultTo(0.0001)).execute();
  await db.schema.alterTable('galleries').addColumn('required_fpir', 'double precision').execute();
  await db.schema.alterTable('galleries').addColumn('max_candidates', 'integer', (c) => c.notNull().defaultTo(10)).execute();

  await db.schema
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('gallery_id', 'text', (c) => c.notNull().references('galleries.id'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('core_data', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .addColumn('erasure_reason', 'text')
    .addUniqueConstraint('subjects_gallery_ref_unique', ['gallery_id', 'ref'])
    .execute();
  await db.schema
    .createTable('subject_keys')
    .addColumn('subject_id', 'text', (c) => c.primaryKey().references('subjects.id'))
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_id', 'text', (c) => c.notNull().references('subjects.id'))
    .addColumn('gallery_id', 'text', (c) => c.notNull().references('galleries.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('capture_date', 'text')
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('quality', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('image', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('samples_subject_idx').on('samples').column('subject_id').execute();
  await db.schema.createIndex('samples_gallery_idx').on('samples').column('gallery_id').execute();

  await db.schema
    .createTable('index_changes')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('sample_id', 'text', (c) => c.notNull())
    .addColumn('gallery_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('requester_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('gallery_ids', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('max_candidates', 'integer', (c) => c.notNull())
    .addColumn('show_images', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('agreements_requester_idx').on('agreements').column('requester_agency_id').execute();

  await db.schema
    .createTable('searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('authorisation_ref', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('gallery_ids', 'text', (c) => c.notNull())
    .addColumn('probe_commitment', 'text', (c) => c.notNull())
    .addColumn('probe_image', 'text')
    .addColumn('probe_key', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('search_id', 'text', (c) => c.notNull().references('searches.id'))
    .addColumn('gallery_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('sample_id', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull())
    .addColumn('requester_agency_id', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text')
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('fmr', 'double precision', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('above_threshold', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reviews_required', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('hits_requester_state_idx').on('hits').columns(['requester_agency_id', 'state']).execute();
  await db.schema.createIndex('hits_subject_idx').on('hits').column('subject_id').execute();

  await db.schema
    .createTable('hit_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hit_id', 'text', (c) => c.notNull().references('hits.id'))
    .addColumn('examiner_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('hit_reviews_once_per_examiner', ['hit_id', 'examiner_id'])
    .execute();

  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hit_id', 'text', (c) => c.notNull().references('hits.id'))
    .addColumn('requester_agency_id', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notifications_agency_idx').on('notifications').column('agency_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notifications', 'disclosures', 'hit_reviews', 'hits', 'searches', 'agreements', 'index_changes', 'samples', 'subject_keys', 'subjects']) {
    await db.schema.dropTable(t).execute();
  }
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const r = await sql<{ v: string }>`select version() as v`.execute(db).catch(() => undefined);
  return Boolean(r?.rows[0]?.v?.startsWith('PostgreSQL'));
}
