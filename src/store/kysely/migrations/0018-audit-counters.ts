import type { Kysely } from 'kysely';
import { counterIncrements, ENTRY, isColumnCounter, RECIPIENT, sumCounters, type CounterRow } from '../../../audit/statistics-counters.ts';
import type { LogEntry } from '../../../audit/entry.ts';
import { addCounters } from '../audit-counters.ts';
import type { Database } from '../schema.ts';

const PAGE = 5000;

// Statistics counters per month and per day beside the audit log (src/audit/statistics-counters.ts),
// kept in the same transaction as every append from now on. The existing log is counted once here;
// entries whose payload retention already removed cannot be counted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_counters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grain', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('gallery', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_counters_period_idx').on('audit_counters').columns(['grain', 'period']).execute();
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
  await db.schema.dropTable('audit_counters').execute();
}
