// The statistics counters beside the audit log: an upsert that adds increments (safe under
// concurrent writers on both dialects: one statement per row key, INSERT … ON CONFLICT DO UPDATE)
// and grouped reads that answer statistics without touching the log. The counters of the entries'
// fields live in audit_counters, one row each; the column counters (`column.<name>`) live in
// audit_column_counters, one row per grain, period, agency, gallery and purpose with one sum per
// statistics column, so that an answer reads one row per answer row and period (migration 0025).
import { sql, type Expression, type ExpressionBuilder, type Kysely } from 'kysely';
import { statisticColumns, type StatisticColumn } from '../../domain/log-entry.ts';
import {
  COLUMN_METRIC, counterId, grainLengths, isColumnCounter, type CounterGrain, type CounterRange, type CounterRow, type CounterRule, type CounterScope, type CounterTally, type TallyRow,
} from '../../audit/statistics-counters.ts';
import type { Database } from './schema.ts';

// Rows per INSERT: at most 14 parameters each stays far below SQLite's parameter limit.
const CHUNK = 500;

const columnKey = ['grain', 'period', 'agency', 'gallery', 'purpose'] as const;

/** The statistics column a column counter's metric names; fails for a column the table has none for. */
function columnOf(metric: string): StatisticColumn {
  const name = metric.slice(COLUMN_METRIC.length) as StatisticColumn;
  if (!statisticColumns.includes(name)) throw new Error(`No stored column for the counter metric ${metric}.`);
  return name;
}

/** Adds counter increments (merged per key by the caller) to the stored counters. */
export async function addCounters(db: Kysely<Database>, rows: readonly CounterRow[]): Promise<void> {
  const fields = rows.filter((r) => !isColumnCounter(r));
  for (let i = 0; i < fields.length; i += CHUNK) {
    const values = fields.slice(i, i + CHUNK).map((r) => ({
      id: counterId(r), grain: r.grain, period: r.period, agency: r.agency, gallery: r.gallery, purpose: r.purpose,
      action: r.action, outcome: r.outcome, decision: r.decision, reason: r.reason, metric: r.metric, amount: r.amount,
    }));
    await db.insertInto('audit_counters').values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ amount: sql`audit_counters.amount + excluded.amount` }))
      .execute();
  }
  // Column counters: one row per key, the columns it lacks at zero.
  const wide = new Map<string, Record<string, string | number>>();
  for (const r of rows) {
    if (!isColumnCounter(r)) continue;
    const k = JSON.stringify(columnKey.map((f) => r[f]));
    let row = wide.get(k);
    if (!row) wide.set(k, (row = { grain: r.grain, period: r.period, agency: r.agency, gallery: r.gallery, purpose: r.purpose, ...Object.fromEntries(statisticColumns.map((c) => [c, 0])) }));
    (row[columnOf(r.metric)] as number) += r.amount;
  }
  const values = [...wide.values()] as Database['audit_column_counters'][];
  for (let i = 0; i < values.length; i += CHUNK) {
    await db.insertInto('audit_column_counters').values(values.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns([...columnKey]).doUpdateSet(Object.fromEntries(statisticColumns.map((c) => [c, sql`audit_column_counters.${sql.ref(c)} + excluded.${sql.ref(c)}`]))))
      .execute();
  }
}

type Eb = ExpressionBuilder<Database, 'audit_counters'>;
// The conditions on grain, period, agency and gallery read the same on both tables.
type AnyEb = ExpressionBuilder<Database, 'audit_counters' | 'audit_column_counters'>;

const inRanges = (eb: AnyEb, ranges: readonly CounterRange[]) => eb.or(ranges.map((r) => eb.and([
  eb('grain', '=', r.grain),
  ...(r.from !== undefined ? [eb('period', '>=', r.from)] : []),
  ...(r.to !== undefined ? [eb('period', '<', r.to)] : []),
])));

const inScope = (eb: AnyEb, { agencies = [], galleries = [] }: CounterScope) =>
  eb.or([eb('agency', 'in', [...agencies]), ...(galleries.length ? [eb('gallery', 'in', [...galleries])] : [])]);

const matches = (eb: Eb, rule: CounterRule) => eb.and([
  eb('metric', '=', rule.metric),
  ...(rule.ok !== undefined ? [eb('outcome', rule.ok ? '=' : '<>', 'ok')] : []),
  ...(rule.action !== undefined ? [eb('action', '=', rule.action)] : []),
  ...(rule.decision !== undefined ? [eb('decision', '=', rule.decision)] : []),
]);

/** Counters in any of the ranges and in the scope, summed per key with periods cut to `periodLength` characters; column counters included. */
export async function readCounters(db: Kysely<Database>, ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]> {
  if (ranges.length === 0) return [];
  const period = sql<string>`substr(period, 1, ${sql.lit(periodLength)})`;
  let q = db.selectFrom('audit_counters')
    .select(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric'])
    .select(period.as('period'))
    .select((eb) => eb.fn.sum<number | string>('amount').as('amount'))
    .where((eb) => inRanges(eb as AnyEb, ranges));
  if (scope.agencies) q = q.where((eb) => inScope(eb as AnyEb, scope));
  const rows = await q.groupBy(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric', period]).execute();
  let w = db.selectFrom('audit_column_counters')
    .select(['grain', 'agency', 'gallery', 'purpose'])
    .select(period.as('period'))
    .select((eb) => statisticColumns.map((c) => eb.fn.sum<number | string>(c).as(c)))
    .where((eb) => inRanges(eb as AnyEb, ranges));
  if (scope.agencies) w = w.where((eb) => inScope(eb as AnyEb, scope));
  const wide = await w.groupBy(['grain', 'agency', 'gallery', 'purpose', period]).execute();
  const columns = wide.flatMap((r) => statisticColumns.filter((c) => Number(r[c]) !== 0).map((c) => ({
    grain: r.grain, period: r.period, agency: r.agency, gallery: r.gallery, purpose: r.purpose, action: '', outcome: '', decision: '', reason: '', metric: COLUMN_METRIC + c, amount: r[c],
  })));
  return [...rows, ...columns].map((r) => ({ ...r, grain: r.grain as CounterGrain, amount: Number(r.amount) }));
}

/**
 * A tally summed in the database, one subquery per range (several ranges summed into the answer's
 * groups by one statement around them), one row per group back. Year and month counters group by
 * the plain period, which lets an index led by grain, agency, gallery, purpose, period group them
 * as they are read; day and hour counters group by an
 * expression (cut to `periodLength`), so that their period range is read from the index led by
 * grain and period instead. A tally of column counters reads audit_column_counters and sums its
 * columns; any other evaluates its rules on audit_counters, grouping only the counters some rule matches.
 * The ranges are disjoint in time, as planCounters makes them.
 */
export async function tallyCounters(db: Kysely<Database>, ranges: readonly CounterRange[], scope: CounterScope, periodLength: number, tally: CounterTally, dialect: Dialect): Promise<TallyRow[]> {
  const columns = Object.entries(tally.columns);
  const fields = tally.by.filter((d) => d !== 'period');
  const byPeriod = tally.by.includes('period');
  const names = [...fields, ...(byPeriod ? ['period'] : []), ...columns.map(([c]) => c)];
  const statements = ranges.map((range) => {
    const period = range.grain === 'day' || range.grain === 'hour' ? sql<string>`substr(period, 1, ${sql.lit(periodLength)})` : sql<string>`period`;
    const group = [...fields, ...(byPeriod ? [period] : [])];
    const cut = byPeriod && grainLengths[range.grain] > periodLength;
    if (tally.columnCounters) {
      if (fields.some((f) => !(columnKey as readonly string[]).includes(f))) throw new Error('Column counters group by agency, gallery, purpose and period only.');
      // Grouped by the whole key of the table, every row is its own group: read as stored.
      const asStored = !cut && byPeriod && columnKey.every((k) => k === 'grain' || k === 'period' || fields.includes(k));
      let q = db.selectFrom('audit_column_counters')
        .select(fields as Array<'agency' | 'gallery' | 'purpose'>)
        .select((eb) => columns.map(([name, rule]) => (asStored ? eb.ref(columnOf(rule.metric)) : eb.fn.sum<number | string>(columnOf(rule.metric))).as(name)))
        .where((eb) => inRanges(eb as AnyEb, [range]));
      if (byPeriod) q = q.select(period.as('period'));
      if (scope.agencies) q = q.where((eb) => inScope(eb as AnyEb, scope));
      // Sorted as the answer is: the database sorts faster than JavaScript, which then only confirms the order.
      return { q: group.reduce((s, g) => s.orderBy(g as 'agency'), asStored ? q : q.groupBy(group as Array<'agency'>)), cut };
    }
    let q = db.selectFrom('audit_counters')
      .select(fields)
      .select((eb) => columns.map(([name, rule]) => eb.fn.sum<number | string>(eb.case().when(matches(eb, rule)).then(eb.ref('amount')).else(sql.lit(0)).end()).as(name)))
      .where((eb) => inRanges(eb as AnyEb, [range]))
      .where((eb) => eb.or(columns.map(([, rule]) => matches(eb, rule))));
    if (byPeriod) q = q.select(period.as('period'));
    if (scope.agencies) q = q.where((eb) => inScope(eb as AnyEb, scope));
    return { q: group.reduce((s, g) => s.orderBy(g as 'agency'), q.groupBy(group as Array<'agency'>)), cut };
  });
  const read = async (q: Expression<unknown>) => {
    const arrays = await asJsonArrays(db, q, names, dialect);
    return arrays.map((a) => {
      const row: TallyRow = {};
      names.forEach((n, i) => (row[n] = a[i]!));
      return row;
    });
  };
  // A range of the answer's own grain (periods not cut) holds whole periods no other range of the
  // plan reaches (planCounters covers only the time outside them with finer grains): its rows are
  // answer groups as stored, read apart from the others.
  const whole = byPeriod ? statements.findIndex((st) => !st.cut) : -1;
  const rest = statements.filter((_, i) => i !== whole);
  const own = whole >= 0 ? await read(statements[whole]!.q) : [];
  if (rest.length === 0) return own;
  // The other ranges: the database sums their rows into the answer's groups (each range still read
  // from its index), instead of JavaScript merging every range's rows.
  const u = (name: string) => sql.ref(`u.${name}`);
  const cutPeriod = sql`substr(${u('period')}, 1, ${sql.lit(periodLength)})`;
  const keys = [...fields.map(u), ...(byPeriod ? [cutPeriod] : [])];
  const members = sql.join(rest.map(({ q }, i) => sql`select * from (${q}) as ${sql.raw(`r${i}`)}`), sql` union all `);
  const selected = [...fields.map(u), ...(byPeriod ? [sql`${cutPeriod} as period`] : []), ...columns.map(([c]) => sql`sum(${u(c)}) as ${sql.ref(c)}`)];
  const summed = await read(sql`select ${sql.join(selected)} from (${members}) as u group by ${sql.join(keys)} order by ${sql.join(keys)}`);
  // Two sorted runs; the answer's sort merges them.
  return own.length ? [...own, ...summed] : summed;
}

type Dialect = 'sqlite' | 'postgres';

/**
 * The rows of a query as one JSON array of arrays, built by the database: for an answer of many
 * thousand rows, handing over one string costs a fraction of handing over every value one by one.
 * Sums come back as numbers on both dialects.
 */
async function asJsonArrays(db: Kysely<Database>, q: Expression<unknown>, names: readonly string[], dialect: Dialect): Promise<Array<Array<string | number>>> {
  const values = sql.join(names.map((n) => sql.ref(`t.${n}`)));
  const all = dialect === 'postgres'
    ? sql<{ rows: unknown }>`select coalesce(json_agg(json_build_array(${values})), '[]') as rows from (${q}) as t`
    : sql<{ rows: unknown }>`select json_group_array(json_array(${values})) as rows from (${q}) as t`;
  const { rows } = (await all.execute(db)).rows[0]!;
  return (typeof rows === 'string' ? JSON.parse(rows) : rows) as Array<Array<string | number>>;
}
