import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Notices of erasure and restriction to the agencies that received a subject's data in step 2
// (LED Art. 16(6)), with the recipient's acknowledgement. Id lists are JSON arrays.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'recipient_notices', {
    id: 'text primary key',
    kind: 'text not null',
    owner_agency_id: 'text not null references agencies.id',
    recipient_agency_id: 'text not null references agencies.id',
    subject_id: 'text not null',
    objection_id: 'text',
    disclosure_ids: 'text not null',
    hit_ids: 'text not null',
    case_refs: 'text not null',
    created_at: 'text not null',
    created_by: 'text',
    acknowledged_at: 'text',
    acknowledged_by: 'text',
    lifted_at: 'text',
    recipient_notices_recipient_idx: 'index (recipient_agency_id, subject_id)',
    recipient_notices_owner_idx: 'index (owner_agency_id)',
    recipient_notices_objection_idx: 'index (objection_id)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['recipient_notices']);
}
