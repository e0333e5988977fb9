import type { Kysely } from 'kysely';

// Circulated notices about unknown persons: the notice (its probe sealed under its own key), one
// row per recipient with its answer and sealed templates, the hits found under it, and the
// purposes for which each agency accepts notices. Id lists and templates are JSON.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('legal_basis', 'text', (c) => c.notNull())
    .addColumn('case_ref', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('recipient_mode', 'text', (c) => c.notNull())
    .addColumn('recipient_agency_ids', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sealed_probe', 'text')
    .addColumn('probe_key', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('ended_by', 'text')
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('person_notices_issuer_idx').on('person_notices').column('issuer_agency_id').execute();
  await db.schema.createIndex('person_notices_state_idx').on('person_notices').columns(['state', 'valid_until']).execute();
  await db.schema
    .createTable('person_notice_recipients')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('person_notices.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('gallery_ids', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('sealed_templates', 'text', (c) => c.notNull())
    .addColumn('search_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_notice_recipients_pk', ['notice_id', 'agency_id'])
    .execute();
  await db.schema.createIndex('person_notice_recipients_agency_idx').on('person_notice_recipients').columns(['agency_id', 'state']).execute();
  await db.schema
    .createTable('person_notice_hits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('person_notices.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('hit_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_notice_hits_notice_idx').on('person_notice_hits').column('notice_id').execute();
  await db.schema
    .createTable('notice_purposes')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_purposes_pk', ['agency_id', 'purpose'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notice_purposes').execute();
  await db.schema.dropTable('person_notice_hits').execute();
  await db.schema.dropTable('person_notice_recipients').execute();
  await db.schema.dropTable('person_notices').execute();
}
