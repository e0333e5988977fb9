import type { Kysely } from 'kysely';

// Objections, their evidence signals, the items found under them, and — only with explicit
// consent — a face reference in its own purpose-bound table that is deleted with the objection.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('purposes', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('face_consent', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_by', 'text')
    .addColumn('withdrawal_reason', 'text')
    .execute();
  await db.schema.createIndex('objections_agency_status_idx').on('objections').columns(['agency_id', 'status']).execute();

  await db.schema
    .createTable('objection_signals')
    .addColumn('objection_id', 'text', (c) => c.notNull().references('objections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    .addColumn('quality', 'integer')
    .addColumn('origin', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('objection_signals_value_idx').on('objection_signals').columns(['kind', 'value']).execute();
  await db.schema.createIndex('objection_signals_objection_idx').on('objection_signals').column('objection_id').execute();

  // Purpose-bound: read only to enforce the objection it belongs to; sealed with its own data key.
  await db.schema
    .createTable('objection_face_templates')
    .addColumn('objection_id', 'text', (c) => c.primaryKey().references('objections.id').onDelete('cascade'))
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('wrapped_key', 'text', (c) => c.notNull())
    .addColumn('consent_ref', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('objection_matches')
    .addColumn('objection_id', 'text', (c) => c.notNull().references('objections.id').onDelete('cascade'))
    .addColumn('sample_id', 'text', (c) => c.notNull())
    .addColumn('gallery_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('measure', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('objection_matches_pk', ['objection_id', 'sample_id'])
    .execute();
  await db.schema.createIndex('objection_matches_sample_idx').on('objection_matches').column('sample_id').execute();
  await db.schema.createIndex('objection_matches_gallery_idx').on('objection_matches').column('gallery_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['objection_matches', 'objection_face_templates', 'objection_signals', 'objections']) await db.schema.dropTable(t).execute();
}
