// SQLite writers wait for the write lock without stalling the event loop: a transaction takes the
// lock when it begins (BEGIN IMMEDIATE, so a read never has to be upgraded to a write later), a
// statement that finds the file busy outside a transaction is retried with backoff, and a budget
// spent waiting ends in ABG_ERR_BUSY.
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { AbgError } from '../../domain/errors.ts';

/** SQLite's own (blocking) wait per attempt; the rest of the budget is waited asynchronously. */
const BLOCKING_WAIT_MS = 50;
const RETRY_AFTER_SECONDS = 1;

/** Whether a driver error says the database file is locked by another connection. */
export function isSqliteBusy(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}

/** The coded error for a lock that stayed taken for the whole budget. */
export function busyError(waitedMs: number): AbgError {
  return new AbgError('ABG_ERR_BUSY', `Another process held the database write lock for ${waitedMs} ms.`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/** The SQLite busy handler's blocking slice for a given budget. */
export function blockingWaitMs(budgetMs: number): number {
  return Math.min(budgetMs, BLOCKING_WAIT_MS);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class BusyRetryingConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly sqlite: BetterSqlite3.Database,
    private readonly budgetMs: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      // Inside a transaction nothing can be retried alone: the transaction fails as a whole.
      const retryable = !this.sqlite.inTransaction;
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (e) {
        if (!isSqliteBusy(e)) throw e;
        const waited = Date.now() - start;
        if (!retryable || waited >= this.budgetMs) throw busyError(waited);
        await sleep(Math.min(10 * 2 ** attempt, 250, Math.max(1, this.budgetMs - waited)));
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyRetryingDriver extends SqliteDriver {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly budgetMs: number,
  ) {
    super({ database: sqlite });
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new BusyRetryingConnection(await super.acquireConnection(), this.sqlite, this.budgetMs);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** The SQLite dialect over one better-sqlite3 connection, waiting up to `budgetMs` for a busy file. */
export class BusyRetryingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly budgetMs: number,
  ) {
    super({ database: sqlite });
  }

  override createDriver(): Driver {
    return new BusyRetryingDriver(this.sqlite, this.budgetMs);
  }
}
