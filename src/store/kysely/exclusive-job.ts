// A periodic job that runs on one replica at a time: on PostgreSQL the first process to take the
// job's advisory lock runs it, the others skip this round; SQLite serves one process and just runs it.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// The two-key advisory lock space ("ajob"), apart from the one-key locks of the audit log.
const JOB_LOCK_CLASS = 0x616a6f62;

const jobKey = (job: string) => createHash('sha256').update(job).digest().readInt32BE(0);

/** Runs `fn` unless another process runs the same job now. */
export async function exclusiveJob<T>(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', job: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (dialect !== 'postgres') return { ran: true, value: await fn() };
  // The lock lives as long as this transaction; the job's own writes use other connections.
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(${JOB_LOCK_CLASS}, ${jobKey(job)}) as got`.execute(trx);
    if (!rows[0]?.got) return { ran: false as const };
    return { ran: true as const, value: await fn() };
  });
}
