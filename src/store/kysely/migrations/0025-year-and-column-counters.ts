import { sql, type Kysely } from 'kysely';
import { columnCounters, ENTRY, RECIPIENT, sumCounters, type CounterGrain, type CounterRow } from '../../../audit/statistics-counters.ts';
import { statisticColumns } from '../../../domain/log-entry.ts';
import { addCounters } from '../audit-counters.ts';
import { createTable, dropTables } from '../migration-ddl.ts';
import type { Database } from '../schema.ts';

// A year grain beside month and day, and the column counters (src/audit/statistics-counters.ts
// `column.<name>`) in a table of their own, one row per grain, period, agency, gallery and purpose
// with one sum per statistics column: an answer by year reads one row per answer row, and no
// answer evaluates a rule. Both are derived from the stored month and day counters, one year at a
// time, not from the entries: counts of entries whose payload retention already removed are kept.
// Year counters already present (0018 counting a log with today's increments) are derived again.
// A statistics column added later needs a migration that adds its column and derives it.
export async function up(db: Kysely<any>): Promise<void> {
  await createTable(db, 'audit_column_counters', {
    grain: 'text not null',
    period: 'text not null',
    agency: 'text not null',
    gallery: 'text not null',
    purpose: 'text not null',
    ...Object.fromEntries(statisticColumns.map((c) => [c, 'bigint default 0 not null' as const])),
    // The primary key, led by grain and period, serves ranges of days.
    audit_column_counters_pk: 'primary key (grain, period, agency, gallery, purpose)',
    // Whole years and months are read in the answer's order, every column from the index.
    audit_column_counters_group_idx: `index (grain, agency, gallery, purpose, period, ${statisticColumns.join(', ')})`,
  });
  await db.deleteFrom('audit_counters').where('grain', '=', 'year').execute();
  const years = await db.selectFrom('audit_counters').select(sql<string>`substr(period, 1, 4)`.as('year')).where('grain', '=', 'month').distinct().execute();
  for (const { year } of years) {
    const rows = await db.selectFrom('audit_counters')
      .select(['grain', 'period', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric', 'amount'])
      .where('grain', 'in', ['month', 'day']).where('period', '>=', year).where('period', '<', String(Number(year) + 1))
      // Counters 0026 adds later, should a log already hold them, are counted by 0026 at every grain.
      .where('metric', 'not in', [ENTRY, RECIPIENT])
      .execute();
    const stored: CounterRow[] = rows.map((r) => ({ ...r, grain: r.grain as CounterGrain, amount: Number(r.amount) }));
    const yearly = [...sumCounters(stored.filter((r) => r.grain === 'month').map((r) => ({ ...r, grain: 'year' as const, period: year }))).values()];
    await addCounters(db as Kysely<Database>, [...yearly, ...columnCounters([...yearly, ...stored])]);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropTables(db, ['audit_column_counters']);
  await db.deleteFrom('audit_counters').where('grain', '=', 'year').execute();
}
