// Narrow store interfaces that combine into one Store. Services depend on these only;
// the Kysely implementation in ./kysely serves SQLite and PostgreSQL.
import type { Agency, ApiToken, Gallery, User } from '../domain/entities.ts';
import type { AgreementStore, DisclosureStore, HitStore, IndexChangeStore, NotificationStore, ReviewStore, SampleStore, SearchStore, SubjectStore } from './workflow.store.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import type { ObjectionStore } from './objection.store.ts';
import type { HashSetStore, MediaItemStore, TriageStore } from './media.store.ts';
import type { RecipientNoticeStore } from './recipient-notice.store.ts';
import type { ReleaseStore } from './release.store.ts';
import type { FaceModelStore } from './face-model.store.ts';
import type { ReembedStore } from './reembed.store.ts';
import type { PersonNoticeStore } from './person-notice.store.ts';

export interface AgencyStore {
  insert(agency: Agency): Promise<void>;
  get(id: string): Promise<Agency | undefined>;
  getByName(name: string): Promise<Agency | undefined>;
  list(): Promise<Agency[]>;
  update(id: string, patch: Partial<Pick<Agency, 'name' | 'country' | 'reviewsRequired' | 'singleReviewBasis' | 'onDisagreement'>>): Promise<Agency | undefined>;
  count(): Promise<number>;
}

export interface UserStore {
  insert(user: User): Promise<void>;
  get(id: string): Promise<User | undefined>;
  listByAgency(agencyId: string): Promise<User[]>;
  update(id: string, patch: Partial<Pick<User, 'roles' | 'disabled' | 'name'>>): Promise<User | undefined>;
}

export interface TokenStore {
  insert(token: ApiToken): Promise<void>;
  get(id: string): Promise<ApiToken | undefined>;
  listByUser(userId: string): Promise<ApiToken[]>;
  revoke(id: string, at: string): Promise<ApiToken | undefined>;
  touch(id: string, at: string): Promise<void>;
  /** Sets the last-use time only if the token was never used; true when this call did it (its first use). */
  touchFirst(id: string, at: string): Promise<boolean>;
}

export interface GalleryStore {
  insert(gallery: Gallery): Promise<void>;
  get(id: string): Promise<Gallery | undefined>;
  listByAgency(agencyId: string): Promise<Gallery[]>;
  update(id: string, patch: Partial<Pick<Gallery, 'name' | 'legalBasis' | 'purposes' | 'retentionDays' | 'thresholdFmr' | 'requiredFpir' | 'maxCandidates' | 'keepGps'>>): Promise<Gallery | undefined>;
  delete(id: string): Promise<boolean>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly agencies: AgencyStore;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly galleries: GalleryStore;
  readonly subjects: SubjectStore;
  readonly samples: SampleStore;
  readonly indexChanges: IndexChangeStore;
  readonly agreements: AgreementStore;
  readonly searches: SearchStore;
  readonly hits: HitStore;
  readonly reviews: ReviewStore;
  readonly disclosures: DisclosureStore;
  readonly notifications: NotificationStore;
  readonly audit: AuditStore;
  readonly objections: ObjectionStore;
  readonly mediaItems: MediaItemStore;
  readonly hashSets: HashSetStore;
  readonly triage: TriageStore;
  readonly recipientNotices: RecipientNoticeStore;
  readonly releases: ReleaseStore;
  readonly faceModels: FaceModelStore;
  readonly reembeds: ReembedStore;
  readonly personNotices: PersonNoticeStore;
  /** Runs `fn` in one transaction: all of its writes commit together or none does. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Makes deleted rows unrecoverable from the database files where the engine allows it (after an
   * erasure): SQLite copies the WAL into the main file (whose freed space secure_delete zeroed) and
   * truncates it; PostgreSQL does nothing here (see docs/erasure.md). Call outside a transaction.
   */
  compact(): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Runs a periodic job unless another process (a replica on the same PostgreSQL database) runs
   * the same job now; `ran: false` when it was skipped. On SQLite it always runs.
   */
  exclusive<T>(job: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}
