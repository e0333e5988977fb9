// Opens a Kysely instance for SQLite (better-sqlite3, WAL) or PostgreSQL (pg) and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import { fail } from '../../domain/errors.ts';
import { migrations } from './migrations/index.ts';
import { FailoverPool, parsePgHosts } from './pg-pool.ts';
import { BusyRetryingSqliteDialect, blockingWaitMs } from './sqlite-busy.ts';
import type { Database } from './schema.ts';

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string };

/** Parses a database URL: `postgres://…`/`postgresql://…`, or `sqlite:<file>` / a plain file path. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: url.slice('sqlite:'.length).replace(/^\/\//, '') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) fail('ABG_ERR_CONFIG', `Unsupported database URL scheme in "${url.split(':')[0]}:"; use postgres:// or sqlite:.`);
  return { dialect: 'sqlite', file: url };
}

export interface ConnectOptions {
  /** How long a SQLite writer waits for another process's write lock before ABG_ERR_BUSY (default 5000 ms). */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export async function connect(target: DatabaseTarget, options: ConnectOptions = {}): Promise<Kysely<Database>> {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
    let sqlite: BetterSqlite3.Database;
    try {
      sqlite = new BetterSqlite3(target.file);
    } catch (e) {
      fail('ABG_ERR_DB_UNREACHABLE', `Cannot open SQLite file: ${(e as Error).message}`);
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Deleted content is overwritten with zeros, so an erased key or ciphertext is not left in free space.
    sqlite.pragma('secure_delete = ON');
    const budgetMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    sqlite.pragma(`busy_timeout = ${blockingWaitMs(budgetMs)}`);
    return new Kysely<Database>({ dialect: new BusyRetryingSqliteDialect(sqlite, budgetMs) });
  }
  return (await connectPostgres(target)).db;
}

/** Connects to PostgreSQL (every host of a multi-host URL) and returns the pool with the Kysely instance. */
export async function connectPostgres(target: Extract<DatabaseTarget, { dialect: 'postgres' }>): Promise<{ db: Kysely<Database>; pool: FailoverPool }> {
  const pool = new FailoverPool(parsePgHosts(target.url), {
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  try {
    const client = await pool.connectRaw();
    client.release();
  } catch (e) {
    await pool.end();
    const reason = (e as { details?: { reason?: unknown } }).details?.reason ?? ((e as Error).message || (e as Error).name);
    fail('ABG_ERR_DB_UNREACHABLE', `PostgreSQL at ${redact(target.url)}: ${String(reason)}`);
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider });
  // A current schema needs no write lock: a command started while another process writes only reads here.
  if ((await migrator.getMigrations()).every((m) => m.executedAt !== undefined)) return [];
  const { error, results } = await migrator.migrateToLatest();
  if (error) fail('ABG_ERR_CONFIG', `Database migration failed: ${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Hides the password of a connection URL in messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
