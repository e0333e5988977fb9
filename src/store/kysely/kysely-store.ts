// The Store over Kysely: one class for both dialects.
import { sql, type Kysely } from 'kysely';
import type { Store } from '../store.ts';
import type { Database } from './schema.ts';
import { connect, migrateToLatest, type DatabaseTarget } from './connect.ts';
import { AgencyRepo } from './agency.repo.ts';
import { UserRepo } from './user.repo.ts';
import { TokenRepo } from './token.repo.ts';
import { GalleryRepo } from './gallery.repo.ts';

export class KyselyStore implements Store {
  readonly agencies: AgencyRepo;
  readonly users: UserRepo;
  readonly tokens: TokenRepo;
  readonly galleries: GalleryRepo;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    private readonly inTransaction = false,
  ) {
    this.agencies = new AgencyRepo(db);
    this.users = new UserRepo(db);
    this.tokens = new TokenRepo(db);
    this.galleries = new GalleryRepo(db);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, true)));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Connects, applies pending migrations and returns the store. */
export async function openStore(target: DatabaseTarget): Promise<KyselyStore> {
  const db = await connect(target);
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return new KyselyStore(db, target.dialect);
}
