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

/** What every repository of one store is built on; the store's fields below are initialised from it. */
class StoreConnection {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    protected readonly inTransaction = false,
    protected readonly notices?: ChangeNotices,
  ) {}
}

export class KyselyStore extends StoreConnection implements Store {
  // Repositories that need only the connection.
  readonly agencies = new AgencyRepo(this.db);
  readonly users = new UserRepo(this.db);
  readonly tokens = new TokenRepo(this.db);
  readonly galleries = new GalleryRepo(this.db);
  readonly subjects = new SubjectRepo(this.db);
  readonly samples = new SampleRepo(this.db);
  readonly agreements = new AgreementRepo(this.db);
  readonly searches = new SearchRepo(this.db);
  readonly hits = new HitRepo(this.db);
  readonly reviews = new ReviewRepo(this.db);
  readonly disclosures = new DisclosureRepo(this.db);
  readonly notifications = new NotificationRepo(this.db);
  readonly objections = new ObjectionRepo(this.db);
  readonly mediaItems = new MediaItemRepo(this.db);
  readonly hashSets = new HashSetRepo(this.db);
  readonly triage = new TriageRepo(this.db);
  readonly recipientNotices = new RecipientNoticeRepo(this.db);
  readonly releases = new ReleaseRepo(this.db);
  readonly faceModels = new FaceModelRepo(this.db);
  readonly personNotices = new PersonNoticeRepo(this.db);

  // Repositories that also need the dialect, the transaction state or the change notices.
  readonly indexChanges = new IndexChangeRepo(this.db, this.dialect, this.notices);
  readonly audit = new AuditRepo(this.db, this.inTransaction, this.dialect);
  readonly reembeds = new ReembedRepo(this.db, this.dialect);

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
