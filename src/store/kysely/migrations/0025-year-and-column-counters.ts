import { sql, type Kysely } from 'kysely';
import { COLUMN_METRIC, columnCounters, sumCounters, type CounterGrain, type CounterRow } from '../../../audit/statistics-counters.ts';
import { addCounters } from '../audit-counters.ts';
import type { Database } from '../schema.ts';

const onlyColumns = sql<boolean>`metric like ${sql.lit(`${COLUMN_METRIC}%`)}`;

// A year grain beside month and day, and one `column.<name>` counter per statistics column
// (src/audit/statistics-counters.ts), so that an answer by year reads one counter per year and
// sums no rules. Both are derived from the stored month and day counters, one year at a time, not
// from the entries: counts of entries whose payload retention already removed are kept. Counters
// of these kinds already present (0018 counting a log with today's increments) are derived again.
// Two partial indexes hold the column counters apart from the rest: one in group order, one led by
// period for ranges of days.
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('audit_counters').where((eb) => eb.or([eb('grain', '=', 'year'), onlyColumns])).execute();
  const years = await db.selectFrom('audit_counters').select(sql<string>`substr(period, 1, 4)`.as('year')).where('grain', '=', 'month').distinct().execute();
  for (const { year } of years) {
    const next = String(Number(year) + 1);
    const rows = await db.selectFrom('audit_counters')
      .select(['grain', 'period', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric', 'amount'])
      .where('grain', 'in', ['month', 'day']).where('period', '>=', year).where('period', '<', next)
      .execute();
    const stored: CounterRow[] = rows.map((r) => ({ ...r, grain: r.grain as CounterGrain, amount: Number(r.amount) }));
    const yearly = [...sumCounters(stored.filter((r) => r.grain === 'month').map((r) => ({ ...r, grain: 'year' as const, period: year }))).values()];
    await addCounters(db as Kysely<Database>, [...yearly, ...columnCounters([...yearly, ...stored])]);
  }
  await db.schema
    .createIndex('audit_counters_column_group_idx')
    .on('audit_counters')
    .columns(['grain', 'agency', 'gallery', 'purpose', 'period', 'metric', 'amount'])
    .where(onlyColumns)
    .execute();
  await db.schema
    .createIndex('audit_counters_column_period_idx')
    .on('audit_counters')
    .columns(['grain', 'period', 'agency', 'gallery', 'purpose', 'metric', 'amount'])
    .where(onlyColumns)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_counters_column_period_idx').execute();
  await db.schema.dropIndex('audit_counters_column_group_idx').execute();
  await db.deleteFrom('audit_counters').where((eb) => eb.or([eb('grain', '=', 'year'), onlyColumns])).execute();
}
