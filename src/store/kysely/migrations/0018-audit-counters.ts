import type { Kysely } from 'kysely';
import { counterIncrements, ENTRY, isColumnCounter, RECIPIENT, sumCounters, type CounterRow } from '../../../audit/statistics-counters.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import { addCounters } from '../audit-counters.ts';
import { createTable, dropTables } from '../migration-ddl.ts';
import type { Database } from '../schema.ts';

const PAGE = 5000;

// Statistics counters per month and per day beside the audit log (src/audit/statistics-counters.ts),
// kept in the same transaction as every append from now on. The existing log is counted once here;
// entries whose payload retention already removed cannot be counted.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'audit_counters', {
    id: 'text primary key',
    grain: 'text not null',
    period: 'text not null',
    agency: 'text not null',
    gallery: 'text not null',
    purpose: 'text not null',
    action: 'text not null',
    outcome: 'text not null',
    decision: 'text not null',
    reason: 'text not null',
    metric: 'text not null',
    amount: 'bigint not null',
    audit_counters_period_idx: 'index (grain, period)',
  });
  const sums = new Map<string, CounterRow>();
  const size = (await lastSeq(db)) + 1;
  for (let from = 0; from < size; from += PAGE) {
    const rows = await db.selectFrom('audit_leaves').select(['payload']).where('seq', '>=', from).where('seq', '<', from + PAGE).execute();
    // Month and day counters of the entries' fields, as when this migration was written; 0025 and 0026 add the rest.
    for (const r of rows) if (r.payload !== null) sumCounters(counterIncrements(JSON.parse(r.payload) as LogEntry).filter((c) => c.grain !== 'year' && !isColumnCounter(c) && c.metric !== ENTRY && c.metric !== RECIPIENT), sums);
  }
  await addCounters(db as Kysely<Database>, [...sums.values()]);
}

async function lastSeq(db: Kysely<any>): Promise<number> {
  const r = await db.selectFrom('audit_leaves').select((eb) => eb.fn.max('seq').as('last')).executeTakeFirst();
  return r?.last === null || r?.last === undefined ? -1 : Number(r.last);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['audit_counters']);
}
