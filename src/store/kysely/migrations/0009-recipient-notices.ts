import type { Kysely } from 'kysely';

// Notices of erasure and restriction to the agencies that received a subject's data in step 2
// (LED Art. 16(6)), with the recipient's acknowledgement. Id lists are JSON arrays.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('recipient_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('recipient_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('objection_id', 'text')
    .addColumn('disclosure_ids', 'text', (c) => c.notNull())
    .addColumn('hit_ids', 'text', (c) => c.notNull())
    .addColumn('case_refs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('lifted_at', 'text')
    .execute();
  await db.schema.createIndex('recipient_notices_recipient_idx').on('recipient_notices').columns(['recipient_agency_id', 'subject_id']).execute();
  await db.schema.createIndex('recipient_notices_owner_idx').on('recipient_notices').column('owner_agency_id').execute();
  await db.schema.createIndex('recipient_notices_objection_idx').on('recipient_notices').column('objection_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recipient_notices').execute();
}
