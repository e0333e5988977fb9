// The Store over Kysely: one class for both dialects.
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store.ts';
import type { Database } from './schema.ts';
import { connect, connectPostgres, migrateToLatest, type ConnectOptions, type DatabaseTarget } from './connect.ts';
import { ChangeNotices } from './change-notices.ts';
import { exclusiveJob } from './exclusive-job.ts';
import { AgencyRepo } from './agency.repo.ts';
import { UserRepo } from './user.repo.ts';
import { TokenRepo } from './token.repo.ts';
import { GalleryRepo } from './gallery.repo.ts';
import { IndexChangeRepo, SampleRepo, SubjectRepo } from './subject.repo.ts';
import { AgreementRepo } from './agreement.repo.ts';
import { DisclosureRepo, HitRepo, NotificationRepo, ReviewRepo, SearchRepo } from './hit.repo.ts';
import { AuditRepo } from './audit.repo.ts';
import { ObjectionRepo } from './objection.repo.ts';
import { MediaItemRepo } from './media.repo.ts';
import { HashSetRepo } from './hashset.repo.ts';
import { TriageRepo } from './triage.repo.ts';
import { RecipientNoticeRepo } from './recipient-notice.repo.ts';
import { ReleaseRepo } from './release.repo.ts';
import { FaceModelRepo } from './face-model.repo.ts';
import { ReembedRepo } from './reembed.repo.ts';
import { PersonNoticeRepo } from './person-notice.repo.ts';

export class KyselyStore implements Store {
  readonly agencies: AgencyRepo;
  readonly users: UserRepo;
  readonly tokens: TokenRepo;
  readonly galleries: GalleryRepo;
  readonly subjects: SubjectRepo;
  readonly samples: SampleRepo;
  readonly indexChanges: IndexChangeRepo;
  readonly agreements: AgreementRepo;
  readonly searches: SearchRepo;
  readonly hits: HitRepo;
  readonly reviews: ReviewRepo;
  readonly disclosures: DisclosureRepo;
  readonly notifications: NotificationRepo;
  readonly audit: AuditRepo;
  readonly objections: ObjectionRepo;
  readonly mediaItems: MediaItemRepo;
  readonly hashSets: HashSetRepo;
  readonly triage: TriageRepo;
  readonly recipientNotices: RecipientNoticeRepo;
  readonly releases: ReleaseRepo;
  readonly faceModels: FaceModelRepo;
  readonly reembeds: ReembedRepo;
  readonly personNotices: PersonNoticeRepo;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly inTransaction = false,
    private readonly notices?: ChangeNotices,
  ) {
    this.agencies = new AgencyRepo(db);
    this.users = new UserRepo(db);
    this.tokens = new TokenRepo(db);
    this.galleries = new GalleryRepo(db);
    this.subjects = new SubjectRepo(db);
    this.samples = new SampleRepo(db);
    this.indexChanges = new IndexChangeRepo(db, dialect, notices);
    this.agreements = new AgreementRepo(db);
    this.searches = new SearchRepo(db);
    this.hits = new HitRepo(db);
    this.reviews = new ReviewRepo(db);
    this.disclosures = new DisclosureRepo(db);
    this.notifications = new NotificationRepo(db);
    this.audit = new AuditRepo(db, inTransaction, dialect);
    this.objections = new ObjectionRepo(db);
    this.mediaItems = new MediaItemRepo(db);
    this.hashSets = new HashSetRepo(db);
    this.triage = new TriageRepo(db);
    this.recipientNotices = new RecipientNoticeRepo(db);
    this.releases = new ReleaseRepo(db);
    this.faceModels = new FaceModelRepo(db);
    this.reembeds = new ReembedRepo(db, dialect);
    this.personNotices = new PersonNoticeRepo(db);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, true)));
  }

  async compact(): Promise<void> {
    if (this.dialect !== 'sqlite' || this.inTransaction) return;
    // A reader of another process can hold the WAL for a moment; the next checkpoint catches up otherwise.
    for (let attempt = 0; attempt < 5; attempt++) {
      const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
      if (!rows[0]?.busy) return;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }

  exclusive<T>(job: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    return exclusiveJob(this.db, this.dialect, job, fn);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    this.notices?.close();
    await this.db.destroy();
  }
}

/** Connects, applies pending migrations and returns the store. */
export async function openStore(target: DatabaseTarget, options: ConnectOptions = {}): Promise<KyselyStore> {
  const { db, pool } = target.dialect === 'postgres' ? await connectPostgres(target) : { db: await connect(target, options), pool: undefined };
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return new KyselyStore(db, target.dialect, false, pool ? new ChangeNotices(pool) : undefined);
}
