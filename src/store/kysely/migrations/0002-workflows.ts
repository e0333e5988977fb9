import type { Kysely } from 'kysely';
import { addColumns, createTable, dropTables } from '../migration-ddl.ts';

// Subjects, samples, agreements, searches, potential hits, reviews, disclosures, notifications and
// the index change feed. Binary values (ciphertexts, templates) are base64 text in both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, {
    agencies: {
      reviews_required: 'integer default 2 not null',
      single_review_basis: 'text',
    },
    galleries: {
      threshold_fmr: 'double precision default 0.0001 not null',
      required_fpir: 'double precision',
      max_candidates: 'integer default 10 not null',
    },
  });

  await createTable(db, 'subjects', {
    id: 'text primary key',
    gallery_id: 'text not null references galleries.id',
    ref: 'text not null',
    core_data: 'text',
    created_at: 'text not null',
    erased_at: 'text',
    erasure_reason: 'text',
    subjects_gallery_ref_unique: 'unique (gallery_id, ref)',
  });
  await createTable(db, 'subject_keys', {
    subject_id: 'text primary key references subjects.id',
    wrapped_key: 'text not null',
  });
  await createTable(db, 'samples', {
    id: 'text primary key',
    subject_id: 'text not null references subjects.id',
    gallery_id: 'text not null references galleries.id',
    source: 'text not null',
    capture_date: 'text',
    legal_basis: 'text not null',
    file_name: 'text',
    quality: 'text not null',
    model_id: 'text not null',
    template: 'text not null',
    image: 'text not null',
    created_at: 'text not null',
    samples_subject_idx: 'index (subject_id)',
    samples_gallery_idx: 'index (gallery_id)',
  });

  await createTable(db, 'index_changes', {
    seq: 'bigserial primary key',
    op: 'text not null',
    sample_id: 'text not null',
    gallery_id: 'text not null',
    at: 'text not null',
  });

  await createTable(db, 'agreements', {
    id: 'text primary key',
    owner_agency_id: 'text not null references agencies.id',
    requester_agency_id: 'text not null references agencies.id',
    gallery_ids: 'text not null',
    purposes: 'text not null',
    valid_from: 'text not null',
    valid_until: 'text not null',
    max_candidates: 'integer not null',
    show_images: 'integer not null',
    reference: 'text not null',
    created_by: 'text not null',
    created_at: 'text not null',
    revoked_at: 'text',
    revoked_by: 'text',
    agreements_requester_idx: 'index (requester_agency_id)',
  });

  await createTable(db, 'searches', {
    id: 'text primary key',
    kind: 'text not null',
    agency_id: 'text not null references agencies.id',
    user_id: 'text not null',
    purpose: 'text not null',
    case_ref: 'text not null',
    authorisation_ref: 'text not null',
    mode: 'text not null',
    gallery_ids: 'text not null',
    probe_commitment: 'text not null',
    probe_image: 'text',
    probe_key: 'text',
    result: 'text not null',
    created_at: 'text not null',
  });

  await createTable(db, 'hits', {
    id: 'text primary key',
    search_id: 'text not null references searches.id',
    gallery_id: 'text not null',
    subject_id: 'text not null',
    sample_id: 'text not null',
    owner_agency_id: 'text not null',
    requester_agency_id: 'text not null',
    agreement_id: 'text',
    score: 'double precision not null',
    fmr: 'double precision not null',
    rank: 'integer not null',
    above_threshold: 'integer not null',
    state: 'text not null',
    reviews_required: 'integer not null',
    created_at: 'text not null',
    decided_at: 'text',
    hits_requester_state_idx: 'index (requester_agency_id, state)',
    hits_subject_idx: 'index (subject_id)',
  });

  await createTable(db, 'hit_reviews', {
    id: 'text primary key',
    hit_id: 'text not null references hits.id',
    examiner_id: 'text not null',
    decision: 'text not null',
    note: 'text not null',
    created_at: 'text not null',
    hit_reviews_once_per_examiner: 'unique (hit_id, examiner_id)',
  });

  await createTable(db, 'disclosures', {
    id: 'text primary key',
    hit_id: 'text not null references hits.id',
    requester_agency_id: 'text not null',
    owner_agency_id: 'text not null',
    subject_id: 'text not null',
    case_ref: 'text not null',
    justification: 'text not null',
    state: 'text not null',
    requested_by: 'text not null',
    created_at: 'text not null',
    decided_by: 'text',
    decided_at: 'text',
    decision_note: 'text',
  });

  await createTable(db, 'notifications', {
    id: 'text primary key',
    agency_id: 'text not null',
    kind: 'text not null',
    payload: 'text not null',
    created_at: 'text not null',
    read_at: 'text',
    notifications_agency_idx: 'index (agency_id)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['notifications', 'disclosures', 'hit_reviews', 'hits', 'searches', 'agreements', 'index_changes', 'samples', 'subject_keys', 'subjects']);
}
