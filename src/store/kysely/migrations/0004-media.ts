import type { Kysely } from 'kysely';
import { addColumns, createTable, dropTables } from '../migration-ddl.ts';

// Media galleries' items (signals and metadata, never the files), known-hash sets with their
// entries, and triage runs with one row per file. A gallery setting decides whether GPS is kept.
export async function up(db: Kysely<any>): Promise<void> {
  await addColumns(db, { galleries: { keep_gps: 'integer default 0 not null' } });

  await createTable(db, 'media_items', {
    id: 'text primary key',
    gallery_id: 'text not null references galleries.id',
    file_name: 'text not null',
    size: 'bigint not null',
    type: 'text not null',
    sha256: 'text not null',
    md5: 'text not null',
    sha1: 'text not null',
    pdq: 'text',
    pdq_quality: 'integer',
    vpdq_frames: 'integer',
    vpdq: 'text',
    video: 'text',
    exif: 'text',
    triage_run_id: 'text',
    created_at: 'text not null',
    media_items_gallery_idx: 'index (gallery_id)',
    media_items_sha256_idx: 'index (sha256)',
  });

  await createTable(db, 'hash_sets', {
    id: 'text primary key',
    agency_id: 'text not null references agencies.id',
    name: 'text not null',
    source: 'text not null',
    category_scheme: 'text not null',
    created_at: 'text not null',
    hash_sets_agency_name_unique: 'unique (agency_id, name)',
  });
  await createTable(db, 'hash_set_entries', {
    hash_set_id: 'text not null references hash_sets.id',
    seq: 'integer not null',
    md5: 'text',
    sha1: 'text',
    sha256: 'text',
    pdq: 'text',
    category: 'text not null',
    name: 'text',
    source_id: 'text',
    hash_set_entries_pk: 'primary key (hash_set_id, seq)',
    hash_set_entries_md5_idx: 'index (md5)',
    hash_set_entries_sha1_idx: 'index (sha1)',
    hash_set_entries_sha256_idx: 'index (sha256)',
  });

  await createTable(db, 'triage_runs', {
    id: 'text primary key',
    agency_id: 'text not null references agencies.id',
    user_id: 'text not null',
    case_ref: 'text not null',
    gallery_id: 'text',
    counts: 'text not null',
    created_at: 'text not null',
    finished_at: 'text not null',
  });
  await createTable(db, 'triage_results', {
    run_id: 'text not null references triage_runs.id',
    seq: 'integer not null',
    file_name: 'text not null',
    verdict: 'text not null',
    sha256: 'text',
    cluster: 'integer',
    error_code: 'text',
    media_item_id: 'text',
    result: 'text not null',
    triage_results_pk: 'primary key (run_id, seq)',
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['triage_results', 'triage_runs', 'hash_set_entries', 'hash_sets', 'media_items']);
  await db.schema.alterTable('galleries').dropColumn('keep_gps').execute();
}
