// PostgreSQL connections for replicas and failover: one pool per host of a libpq-style URL
// (`postgres://u@h1:5432,h2:5432/db?target_session_attrs=read-write`), a new connection goes to
// the first host that answers and, with read-write asked, is not a standby in recovery. Lost
// connections and refused writes become ABG_ERR_STORE_UNAVAILABLE, lock conflicts ABG_ERR_BUSY;
// the next request connects again, so a replica recovers without a restart.
import pg from 'pg';
import { AbgError } from '../../domain/errors.ts';

const RETRY_AFTER_SECONDS = 1;
// Connection exceptions (class 08), operator intervention (57P01-57P03), a read-only standby
// (25006), too many connections (53300).
const LOST_SQLSTATES = new Set(['57P01', '57P02', '57P03', '25006', '53300']);
const LOST_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const LOST_MESSAGE = /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable|read-only standby|Connection ended/i;
// lock_not_available, serialization_failure, deadlock_detected
const BUSY_SQLSTATES = new Set(['55P03', '40001', '40P01']);

/** Whether a driver error means the connection to the database is gone (or only reaches a standby). */
export function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : '';
  return LOST_SQLSTATES.has(code) || code.startsWith('08') || LOST_ERRNOS.has(code) || (typeof err?.message === 'string' && LOST_MESSAGE.test(err.message));
}

/** Maps a lost connection to ABG_ERR_STORE_UNAVAILABLE and a lock conflict to ABG_ERR_BUSY; other errors pass. */
export function mapPgError(e: unknown): unknown {
  if (e instanceof AbgError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && BUSY_SQLSTATES.has(code)) {
    return new AbgError('ABG_ERR_BUSY', `PostgreSQL refused the statement for a lock conflict (${code}).`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
  }
  if (isConnectionLost(e)) {
    const reason = (e as Error).message || String(code);
    return new AbgError('ABG_ERR_STORE_UNAVAILABLE', `PostgreSQL: ${reason}`, { retryAfterSeconds: RETRY_AFTER_SECONDS, reason });
  }
  return e;
}

export interface PgHosts {
  /** One connection URL per host, in the order given. */
  urls: string[];
  /** target_session_attrs=read-write: connect only to a server that is not in recovery. */
  readWrite: boolean;
}

/** Splits a libpq-style multi-host URL into one URL per host; target_session_attrs is read and removed. */
export function parsePgHosts(url: string): PgHosts {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!m) return { urls: [url], readWrite: false };
  const params = new URLSearchParams(m[5]?.slice(1) ?? '');
  const attrs = params.get('target_session_attrs');
  params.delete('target_session_attrs');
  const query = params.toString() ? `?${params.toString()}` : '';
  const hosts = (m[3] ?? '').split(',').filter((h) => h !== '');
  const urls = (hosts.length ? hosts : ['']).map((h) => `${m[1]}${m[2] ?? ''}${h}${m[4] ?? ''}${query}`);
  return { urls, readWrite: attrs === 'read-write' || attrs === 'primary' };
}

type Client = pg.PoolClient;

/** The pool Kysely's PostgresDialect draws from: failover across hosts, errors mapped. */
export class FailoverPool {
  readonly #pools: pg.Pool[];
  readonly #readWrite: boolean;
  #preferred = 0;
  readonly #checked = new WeakSet<Client>();

  constructor(readonly hosts: PgHosts, options: pg.PoolConfig) {
    this.#readWrite = hosts.readWrite;
    this.#pools = hosts.urls.map((connectionString) => {
      const pool = new pg.Pool({ ...options, connectionString });
      // An idle client that loses its server must not crash the process; the next query reports it.
      pool.on('error', () => {});
      return pool;
    });
  }

  /** A connection to the first host that answers (and, with read-write asked, is a primary). */
  async connect(): Promise<{ query: Client['query']; release(): void }> {
    const client = await this.connectRaw();
    let lost = false;
    const query = ((...args: Parameters<Client['query']>) => {
      const r = (client.query as (...a: unknown[]) => unknown)(...args);
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        return (r as Promise<unknown>).catch((e: unknown) => {
          if (isConnectionLost(e)) lost = true;
          throw mapPgError(e);
        });
      }
      return r;
    }) as Client['query'];
    // A connection that dies while checked out (idle in a transaction) must not crash the process.
    const onError = () => { lost = true; };
    client.on('error', onError);
    // A connection that failed is closed, not returned to the pool.
    return { query, release: () => { client.off('error', onError); client.release(lost || undefined); } };
  }

  /** A pooled client of the current primary, without the error mapping (LISTEN, migrations). */
  async connectRaw(): Promise<Client> {
    let last: unknown;
    const n = this.#pools.length;
    for (let i = 0; i < n; i++) {
      const at = (this.#preferred + i) % n;
      let client: Client;
      try {
        client = await this.#pools[at]!.connect();
      } catch (e) {
        last = e;
        continue;
      }
      if (this.#readWrite && !this.#checked.has(client)) {
        try {
          const r = await client.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
          if (r.rows[0]?.standby) {
            client.release(true);
            last = new Error('the server is a read-only standby');
            continue;
          }
        } catch (e) {
          client.release(true);
          last = e;
          continue;
        }
        this.#checked.add(client);
      }
      this.#preferred = at;
      return client;
    }
    const mapped = mapPgError(last);
    if (mapped instanceof AbgError) throw mapped;
    const reason = (last as Error)?.message ?? 'no host answered';
    throw new AbgError('ABG_ERR_STORE_UNAVAILABLE', `PostgreSQL: ${reason}`, { retryAfterSeconds: RETRY_AFTER_SECONDS, reason });
  }

  async end(): Promise<void> {
    await Promise.all(this.#pools.map((p) => p.end().catch(() => {})));
  }
}
