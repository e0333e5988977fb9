import type { Kysely } from 'kysely';
import { counterIncrements, sumCounters, type CounterRow } from '../../../audit/statistics-counters.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import { addCounters } from '../audit-counters.ts';
import type { Database } from '../schema.ts';

const PAGE = 5000;
// Sums are written out once they hold this many counters (the upsert adds to what is stored), so memory stays bounded on a large log.
const FLUSH_EVERY = 200_000;

// An hour grain beside year, month and day (src/audit/statistics-counters.ts): an answer whose
// bounds fall inside a day reads the whole hours at its edges from counters and counts only the
// parts of (at most two) hours at its bounds from the entries. Both tables get hour rows, the
// counters of the entries' fields and the column counters. The existing log is counted once here,
// like 0018 did; entries whose payload retention already removed cannot be counted (nor could the
// scan of their day that hours replace). Hour counters already present (an earlier migration
// counting a log with today's increments) are counted again.
export async function up(db: Kysely<any>): Promise<void> {
  await down(db);
  let sums = new Map<string, CounterRow>();
  const last = await db.selectFrom('audit_leaves').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
  const size = last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1;
  for (let from = 0; from < size; from += PAGE) {
    const rows = await db.selectFrom('audit_leaves').select(['payload']).where('seq', '>=', from).where('seq', '<', from + PAGE).execute();
    for (const r of rows) if (r.payload !== null) sumCounters(counterIncrements(JSON.parse(r.payload) as LogEntry, ['hour']), sums);
    if (sums.size >= FLUSH_EVERY) {
      await addCounters(db as Kysely<Database>, [...sums.values()]);
      sums = new Map();
    }
  }
  await addCounters(db as Kysely<Database>, [...sums.values()]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('audit_counters').where('grain', '=', 'hour').execute();
  await db.deleteFrom('audit_column_counters').where('grain', '=', 'hour').execute();
}
