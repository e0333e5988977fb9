// Store interfaces of the search-only workflow.
import type { Agreement, Disclosure, DisclosureState, Hit, HitState, Notification, Provenance, Review, Sample, SearchRecord, Subject } from '../domain/workflow.ts';

export interface SubjectStore {
  insert(subject: Subject, wrappedKey: string): Promise<void>;
  get(id: string): Promise<Subject | undefined>;
  getByRef(galleryId: string, ref: string): Promise<Subject | undefined>;
  listByGallery(galleryId: string, options?: { includeErased?: boolean; limit?: number; offset?: number }): Promise<Subject[]>;
  /** The wrapped data key, or undefined once erased (crypto-shredded). */
  wrappedKey(subjectId: string): Promise<string | undefined>;
  /** Subjects of a gallery created before `before`, not yet erased. */
  listExpired(galleryId: string, before: string): Promise<Subject[]>;
  /** Destroys the key and core data, keeps a tombstone. */
  markErased(id: string, at: string, reason: string): Promise<void>;
}

export interface SampleStore {
  insert(sample: Sample): Promise<void>;
  get(id: string): Promise<Sample | undefined>;
  listBySubject(subjectId: string): Promise<Sample[]>;
  /** Replaces a sample's provenance; false when there is no such sample. */
  updateProvenance(id: string, provenance: Provenance): Promise<boolean>;
  countByGallery(galleryId: string): Promise<number>;
  /** The subject of each sample that still exists, in one query (search ranking). */
  subjectsOf(sampleIds: readonly string[]): Promise<Map<string, string>>;
  /** Sealed template, model and gallery of one sample, without its image. */
  templateOf(id: string): Promise<{ modelId: string; galleryId: string; subjectId: string; sealedTemplate: string } | undefined>;
  deleteBySubject(subjectId: string): Promise<string[]>;
  /** All sealed templates of the given model, for (re)building an index; streamed in pages. */
  templates(modelId: string, afterId: string | null, limit: number): Promise<{ id: string; galleryId: string; subjectId: string; sealedTemplate: string }[]>;
  /** Samples written before file names and templates were sealed, in plaintext; paged by id. */
  listUnsealed(afterId: string | null, limit: number): Promise<{ id: string; subjectId: string; fileName: string | null; template: Float32Array }[]>;
  /** Replaces a plaintext sample's file name and template by their sealed forms; false when it was sealed already. */
  seal(id: string, sealedFileName: string | null, sealedTemplate: string): Promise<boolean>;
}

export interface IndexChange {
  seq: number;
  op: 'add' | 'remove';
  sampleId: string;
  galleryId: string;
}

export interface IndexChangeStore {
  append(op: 'add' | 'remove', sampleId: string, galleryId: string, at: string): Promise<void>;
  since(seq: number, limit: number): Promise<IndexChange[]>;
  latestSeq(): Promise<number>;
  /** Calls `listener` when another process may have committed changes (PostgreSQL NOTIFY); returns a function that stops. */
  onChange?(listener: () => void): () => void;
}

export interface AgreementStore {
  insert(a: Agreement): Promise<void>;
  get(id: string): Promise<Agreement | undefined>;
  /** Agreements where the agency is owner or requester. */
  listForAgency(agencyId: string): Promise<Agreement[]>;
  /** Agreements naming `requesterAgencyId` as requester, revoked or not. */
  listForRequester(requesterAgencyId: string): Promise<Agreement[]>;
  revoke(id: string, at: string, by: string): Promise<Agreement | undefined>;
}

export interface SearchStore {
  insert(s: SearchRecord): Promise<void>;
  get(id: string): Promise<SearchRecord | undefined>;
}

export interface HitStore {
  insertMany(hits: Hit[]): Promise<void>;
  get(id: string): Promise<Hit | undefined>;
  /** Reads the hit and holds its row until the transaction ends, so that reviews of one hit run one after another. */
  lock(id: string): Promise<Hit | undefined>;
  listForRequester(agencyId: string, state?: HitState): Promise<Hit[]>;
  listBySearch(searchId: string): Promise<Hit[]>;
  /** Moves a pending hit to its outcome; false when it was no longer pending. */
  decide(id: string, state: Exclude<HitState, 'pending'>, at: string): Promise<boolean>;
  listBySubject(subjectId: string): Promise<Hit[]>;
}

export interface ReviewStore {
  insert(r: Review): Promise<void>;
  listByHit(hitId: string): Promise<Review[]>;
}

export interface DisclosureStore {
  insert(d: Disclosure): Promise<void>;
  get(id: string): Promise<Disclosure | undefined>;
  listByHit(hitId: string): Promise<Disclosure[]>;
  listForAgency(agencyId: string): Promise<Disclosure[]>;
  decide(id: string, state: Exclude<DisclosureState, 'pending'>, by: string, at: string, note: string): Promise<boolean>;
}

export interface NotificationStore {
  insert(n: Notification): Promise<void>;
  listForAgency(agencyId: string, unreadOnly: boolean): Promise<Notification[]>;
  /** Marks the agency's notification read (keeping the first read time); false when the agency has no such notification. */
  markRead(id: string, agencyId: string, at: string): Promise<boolean>;
}
