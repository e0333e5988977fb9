// Opens a Kysely instance for SQLite (better-sqlite3, WAL) or PostgreSQL (pg) and migrates it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { fail } from '../../domain/errors.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; schema?: string };

/** Parses a database URL: `postgres://…`/`postgresql://…`, or `sqlite:<file>` / a plain file path. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', url };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', file: url.slice('sqlite:'.length).replace(/^\/\//, '') };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) fail('ABG_ERR_CONFIG', `Unsupported database URL scheme in "${url.split(':')[0]}:"; use postgres:// or sqlite:.`);
  return { dialect: 'sqlite', file: url };
}

export async function connect(target: DatabaseTarget): Promise<Kysely<Database>> {
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
    sqlite.pragma('busy_timeout = 5000');
    // Deleted content is overwritten with zeros, so an erased key or ciphertext is not left in free space.
    sqlite.pragma('secure_delete = ON');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    connectionTimeoutMillis: 5000,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    fail('ABG_ERR_DB_UNREACHABLE', `PostgreSQL at ${redact(target.url)}: ${(e as Error).message || (e as Error).name}`);
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) fail('ABG_ERR_CONFIG', `Database migration failed: ${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Hides the password of a connection URL in messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
