import type { Kysely } from 'kysely';
import { counterIncrements, ENTRY, RECIPIENT, sumCounters, type CounterRow } from '../../../audit/statistics-counters.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import { addCounters } from '../audit-counters.ts';
import type { Database } from '../schema.ts';

const PAGE = 5000;
const METRICS = [ENTRY, RECIPIENT];

// Counters of each entry once (`entry`) and of each recipient agency once (`recipient`, under that
// agency), at every grain, so that notice counts (src/audit/notice-statistics.ts) come from the
// counters instead of a scan of the log. The existing log is counted once here, like 0018 did;
// entries whose payload retention already removed cannot be counted (nor did the scan count them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('audit_counters').where('metric', 'in', METRICS).execute();
  const sums = new Map<string, CounterRow>();
  const last = await db.selectFrom('audit_leaves').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
  const size = last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1;
  for (let from = 0; from < size; from += PAGE) {
    const rows = await db.selectFrom('audit_leaves').select(['payload']).where('seq', '>=', from).where('seq', '<', from + PAGE).execute();
    for (const r of rows) if (r.payload !== null) sumCounters(counterIncrements(JSON.parse(r.payload) as LogEntry).filter((c) => METRICS.includes(c.metric)), sums);
  }
  await addCounters(db as Kysely<Database>, [...sums.values()]);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('audit_counters').where('metric', 'in', METRICS).execute();
}
