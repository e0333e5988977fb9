import type { Kysely } from 'kysely';
import { createTable, dropTables } from '../migration-ddl.ts';

// Circulated notices about unknown persons: the notice (its probe sealed under its own key), one
// row per recipient with its answer and sealed templates, the hits found under it, and the
// purposes for which each agency accepts notices. Id lists and templates are JSON.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'person_notices', {
    id: 'text primary key',
    issuer_agency_id: 'text not null references agencies.id',
    purpose: 'text not null',
    legal_basis: 'text not null',
    case_ref: 'text not null',
    description: 'text not null',
    recipient_mode: 'text not null',
    recipient_agency_ids: 'text not null',
    valid_until: 'text not null',
    state: 'text not null',
    source: 'text not null',
    sealed_probe: 'text',
    probe_key: 'text',
    created_by: 'text not null',
    created_at: 'text not null',
    approved_by: 'text',
    approved_at: 'text',
    ended_by: 'text',
    ended_at: 'text',
    person_notices_issuer_idx: 'index (issuer_agency_id)',
    person_notices_state_idx: 'index (state, valid_until)',
  });
  await createTable(db, 'person_notice_recipients', {
    notice_id: 'text not null references person_notices.id',
    agency_id: 'text not null references agencies.id',
    state: 'text not null',
    gallery_ids: 'text not null',
    reason: 'text',
    decided_by: 'text',
    decided_at: 'text',
    sealed_templates: 'text not null',
    search_id: 'text',
    created_at: 'text not null',
    person_notice_recipients_pk: 'primary key (notice_id, agency_id)',
    person_notice_recipients_agency_idx: 'index (agency_id, state)',
  });
  await createTable(db, 'person_notice_hits', {
    id: 'text primary key',
    notice_id: 'text not null references person_notices.id',
    agency_id: 'text not null',
    hit_id: 'text not null unique',
    created_at: 'text not null',
    person_notice_hits_notice_idx: 'index (notice_id)',
  });
  await createTable(db, 'notice_purposes', {
    agency_id: 'text not null references agencies.id',
    purpose: 'text not null',
    notice_purposes_pk: 'primary key (agency_id, purpose)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['notice_purposes', 'person_notice_hits', 'person_notice_recipients', 'person_notices']);
}
