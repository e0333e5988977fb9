import type { HashSetEntry } from '../../domain/media.ts';
import type { Generated } from 'kysely';
import type { CounterKey } from '../../audit/statistics-counters.ts';
import type { StatisticColumn } from '../../domain/log-entry.ts';

// Table types for Kysely. Times are ISO 8601 text, booleans 0/1 integers and lists JSON text,
// so that both dialects store the same values.

export interface AgenciesTable {
  id: string;
  name: string;
  country: string | null;
  is_host: number;
  reviews_required: Generated<number>;
  single_review_basis: string | null;
  on_disagreement: Generated<string>;
  created_at: string;
}

export interface UsersTable {
  id: string;
  agency_id: string;
  name: string;
  roles: string;
  disabled: number;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  digest: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface GalleriesTable {
  id: string;
  agency_id: string;
  name: string;
  kind: string;
  legal_basis: string;
  purposes: string;
  retention_days: number;
  model_id: string | null;
  threshold_fmr: number;
  required_fpir: number | null;
  max_candidates: number;
  keep_gps: number;
  created_at: string;
}

export interface AuditLeavesTable {
  seq: number | string;
  time: string;
  leaf_hash: string;
  payload: string | null;
  receipt: string;
}

/** One statistics counter (src/audit/statistics-counters.ts); `id` is a digest of its key. */
export interface AuditCountersTable extends Omit<CounterKey, 'grain'> {
  id: string;
  grain: string;
  amount: number | string;
}

/** The column counters (statistics-counters.ts `column.<name>`), one row per grain, period, agency, gallery and purpose with one sum per statistics column. */
export type AuditColumnCountersTable = Pick<CounterKey, 'period' | 'agency' | 'gallery' | 'purpose'> & { grain: string } & Record<StatisticColumn, number | string>;

export interface AuditNodesTable {
  level: number;
  seq: number | string;
  hash: string;
}

export interface AuditCheckpointsTable {
  size: number | string;
  time: string;
  note: string;
}

export interface FoundationTables {
  agencies: AgenciesTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  galleries: GalleriesTable;
  audit_leaves: AuditLeavesTable;
  audit_nodes: AuditNodesTable;
  audit_checkpoints: AuditCheckpointsTable;
  audit_counters: AuditCountersTable;
  audit_column_counters: AuditColumnCountersTable;
}

export interface SubjectsTable {
  id: string;
  gallery_id: string;
  ref: string;
  core_data: string | null;
  created_at: string;
  erased_at: string | null;
  erasure_reason: string | null;
}

export interface SubjectKeysTable {
  subject_id: string;
  wrapped_key: string;
}

export interface SamplesTable {
  id: string;
  subject_id: string;
  gallery_id: string;
  source: string;
  capture_date: string | null;
  legal_basis: string;
  file_name: string | null;
  quality: string;
  model_id: string;
  template: string;
  image: string;
  created_at: string;
  /** 1 when file_name and template are sealed under the subject's key; 0 for rows from before. */
  sealed: Generated<number>;
}

export interface IndexChangesTable {
  seq: Generated<number>;
  op: string;
  sample_id: string;
  gallery_id: string;
  at: string;
}

export interface AgreementsTable {
  id: string;
  owner_agency_id: string;
  requester_agency_id: string;
  gallery_ids: string;
  purposes: string;
  valid_from: string;
  valid_until: string;
  max_candidates: number;
  show_images: number;
  reference: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface SearchesTable {
  id: string;
  kind: string;
  agency_id: string;
  user_id: string;
  purpose: string;
  case_ref: string;
  authorisation_ref: string;
  mode: string;
  gallery_ids: string;
  probe_commitment: string;
  probe_image: string | null;
  probe_key: string | null;
  result: string;
  created_at: string;
}

export interface HitsTable {
  id: string;
  search_id: string;
  gallery_id: string;
  subject_id: string;
  sample_id: string;
  owner_agency_id: string;
  requester_agency_id: string;
  agreement_id: string | null;
  score: number;
  fmr: number;
  rank: number;
  above_threshold: number;
  state: string;
  reviews_required: number;
  on_disagreement: string;
  created_at: string;
  decided_at: string | null;
}

export interface HitReviewsTable {
  id: string;
  hit_id: string;
  examiner_id: string;
  decision: string;
  note: string;
  below_threshold: number;
  created_at: string;
}

export interface DisclosuresTable {
  id: string;
  hit_id: string;
  requester_agency_id: string;
  owner_agency_id: string;
  subject_id: string;
  case_ref: string;
  justification: string;
  state: string;
  requested_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface NotificationsTable {
  id: string;
  agency_id: string;
  kind: string;
  payload: string;
  created_at: string;
  read_at: string | null;
}

export interface WorkflowTables {
  subjects: SubjectsTable;
  subject_keys: SubjectKeysTable;
  samples: SamplesTable;
  index_changes: IndexChangesTable;
  agreements: AgreementsTable;
  searches: SearchesTable;
  hits: HitsTable;
  hit_reviews: HitReviewsTable;
  disclosures: DisclosuresTable;
  notifications: NotificationsTable;
}

export interface ObjectionsTable {
  id: string;
  agency_id: string;
  reference: string;
  purposes: string;
  status: string;
  face_consent: number;
  created_by: string;
  created_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}

export interface ObjectionSignalsTable {
  objection_id: string;
  kind: string;
  value: string;
  variant: string | null;
  quality: number | null;
  origin: string;
}

export interface ObjectionFaceTemplatesTable {
  objection_id: string;
  model_id: string;
  template: string;
  wrapped_key: string;
  consent_ref: string;
  created_at: string;
}

export interface ObjectionRecordingsTable {
  objection_id: string;
  seq: number;
  duration_seconds: number;
  fingerprint: string;
  created_at: string;
}

export interface ObjectionMatchesTable {
  objection_id: string;
  sample_id: string;
  gallery_id: string;
  stage: string;
  measure: number;
  created_at: string;
}

export interface ObjectionTables {
  objections: ObjectionsTable;
  objection_signals: ObjectionSignalsTable;
  objection_face_templates: ObjectionFaceTemplatesTable;
  objection_recordings: ObjectionRecordingsTable;
  objection_matches: ObjectionMatchesTable;
}

export interface RecipientNoticesTable {
  id: string;
  kind: string;
  owner_agency_id: string;
  recipient_agency_id: string;
  subject_id: string;
  objection_id: string | null;
  disclosure_ids: string;
  hit_ids: string;
  case_refs: string;
  created_at: string;
  created_by: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  lifted_at: string | null;
}

export interface RecipientNoticeTables {
  recipient_notices: RecipientNoticesTable;
}


export interface ReleasesTable {
  id: string;
  kind: string;
  owner_agency_id: string;
  recipient_agency_id: string;
  case_ref: string;
  hit_id: string | null;
  gallery_id: string;
  subject_id: string;
  sample_id: string;
  released_by: string;
  created_at: string;
  released_pdq: string | null;
  released_pdq_quality: number | null;
  original_pdq: string | null;
  original_pdq_quality: number | null;
  template: string | null;
  model_id: string;
  restricted_at: string | null;
}

export interface ReleaseTables {
  releases: ReleasesTable;
}

export interface FaceModelsTable {
  id: string;
  alias: string;
  manifest: string;
  sha256: string;
  dimension: number | string;
  added_at: string;
  calibration: string | null;
}

export interface ModelCalibrationsTable {
  model_id: string;
  calibrated_at: string;
  calibration: string;
}

export interface FaceModelTables {
  face_models: FaceModelsTable;
  model_calibrations: ModelCalibrationsTable;
}

export interface Database extends FaceModelTables {}

export interface ReembedJobsTable {
  gallery_id: string;
  from_model_id: string;
  model_id: string;
  state: string;
  cursor: string | null;
  total: number | string;
  done: number | string;
  failed: string;
  started_by: string;
  started_at: string;
  finished_at: string | null;
}

export interface ReembedTemplatesTable {
  sample_id: string;
  gallery_id: string;
  model_id: string;
  template: string;
}

export interface Database {
  reembed_jobs: ReembedJobsTable;
  reembed_templates: ReembedTemplatesTable;
}

export interface Database extends FoundationTables, WorkflowTables, ObjectionTables, ReleaseTables {}
export interface MediaItemsTable {
  id: string;
  gallery_id: string;
  file_name: string;
  size: number | string;
  type: string;
  sha256: string;
  md5: string;
  sha1: string;
  pdq: string | null;
  pdq_quality: number | null;
  vpdq_frames: number | null;
  vpdq: string | null;
  video: string | null;
  exif: string | null;
  triage_run_id: string | null;
  created_at: string;
}

export interface HashSetsTable {
  id: string;
  agency_id: string;
  name: string;
  source: string;
  category_scheme: string;
  created_at: string;
}

/** A hash-set entry's columns are its fields, with the set, a sequence number and snake_case ids. */
export interface HashSetEntriesTable extends Omit<HashSetEntry, 'sourceId' | 'audio'> {
  hash_set_id: string;
  seq: number;
  source_id: string | null;
  /** JSON AudioFingerprintValue (migration 0016). */
  audio: string | null;
}

export interface TriageRunsTable {
  id: string;
  agency_id: string;
  user_id: string;
  case_ref: string;
  gallery_id: string | null;
  counts: string;
  created_at: string;
  finished_at: string;
}

export interface TriageResultsTable {
  run_id: string;
  seq: number;
  file_name: string;
  verdict: string;
  sha256: string | null;
  cluster: number | null;
  error_code: string | null;
  media_item_id: string | null;
  result: string;
}

export interface MediaTables {
  media_items: MediaItemsTable;
  hash_sets: HashSetsTable;
  hash_set_entries: HashSetEntriesTable;
  triage_runs: TriageRunsTable;
  triage_results: TriageResultsTable;
}

export interface PersonNoticesTable {
  id: string;
  issuer_agency_id: string;
  purpose: string;
  legal_basis: string;
  case_ref: string;
  description: string;
  recipient_mode: string;
  recipient_agency_ids: string;
  valid_until: string;
  state: string;
  source: string;
  sealed_probe: string | null;
  probe_key: string | null;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
  ended_by: string | null;
  ended_at: string | null;
}

export interface PersonNoticeRecipientsTable {
  notice_id: string;
  agency_id: string;
  state: string;
  gallery_ids: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  sealed_templates: string;
  search_id: string | null;
  created_at: string;
}

export interface PersonNoticeHitsTable {
  id: string;
  notice_id: string;
  agency_id: string;
  hit_id: string;
  created_at: string;
}

export interface NoticePurposesTable {
  agency_id: string;
  purpose: string;
}

export interface PersonNoticeTables {
  person_notices: PersonNoticesTable;
  person_notice_recipients: PersonNoticeRecipientsTable;
  person_notice_hits: PersonNoticeHitsTable;
  notice_purposes: NoticePurposesTable;
}

export interface Database extends FoundationTables, WorkflowTables, MediaTables, RecipientNoticeTables, PersonNoticeTables {}
