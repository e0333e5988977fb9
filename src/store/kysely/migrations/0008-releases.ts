import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Releases of images to other agencies, with the PDQ hashes of the released bytes and of the
// original and the original's face template (sealed under the subject's data key).
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'releases', {
    id: 'text primary key',
    kind: 'text not null',
    owner_agency_id: 'text not null references agencies.id',
    recipient_agency_id: 'text not null references agencies.id',
    case_ref: 'text not null',
    hit_id: 'text',
    gallery_id: 'text not null',
    subject_id: 'text not null',
    sample_id: 'text not null',
    released_by: 'text not null',
    created_at: 'text not null',
    released_pdq: 'text',
    released_pdq_quality: 'integer',
    original_pdq: 'text',
    original_pdq_quality: 'integer',
    template: 'text',
    model_id: 'text not null',
    restricted_at: 'text',
    releases_owner_idx: 'index (owner_agency_id)',
    releases_hit_idx: 'index (hit_id, kind)',
    releases_subject_idx: 'index (subject_id)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['releases']);
}
