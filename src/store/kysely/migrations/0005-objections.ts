import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Objections, their evidence signals, the items found under them, and — only with explicit
// consent — a face reference in its own purpose-bound table that is deleted with the objection.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'objections', {
    id: 'text primary key',
    agency_id: 'text not null references agencies.id',
    reference: 'text not null',
    purposes: 'text not null',
    status: 'text not null',
    face_consent: 'integer not null',
    created_by: 'text not null',
    created_at: 'text not null',
    withdrawn_at: 'text',
    withdrawn_by: 'text',
    withdrawal_reason: 'text',
    objections_agency_status_idx: 'index (agency_id, status)',
  });

  await createTable(db, 'objection_signals', {
    objection_id: 'text not null references objections.id on delete cascade',
    kind: 'text not null',
    value: 'text not null',
    variant: 'text',
    quality: 'integer',
    origin: 'text not null',
    objection_signals_value_idx: 'index (kind, value)',
    objection_signals_objection_idx: 'index (objection_id)',
  });

  // Purpose-bound: read only to enforce the objection it belongs to; sealed with its own data key.
  await createTable(db, 'objection_face_templates', {
    objection_id: 'text primary key references objections.id on delete cascade',
    model_id: 'text not null',
    template: 'text not null',
    wrapped_key: 'text not null',
    consent_ref: 'text not null',
    created_at: 'text not null',
  });

  await createTable(db, 'objection_matches', {
    objection_id: 'text not null references objections.id on delete cascade',
    sample_id: 'text not null',
    gallery_id: 'text not null',
    stage: 'text not null',
    measure: 'double precision not null',
    created_at: 'text not null',
    objection_matches_pk: 'primary key (objection_id, sample_id)',
    objection_matches_sample_idx: 'index (sample_id)',
    objection_matches_gallery_idx: 'index (gallery_id)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['objection_matches', 'objection_face_templates', 'objection_signals', 'objections']);
}
