// The statistics counters beside the audit log: an upsert that adds increments (safe under
// concurrent writers on both dialects: one statement per row key, INSERT … ON CONFLICT DO UPDATE)
// and a grouped read that answers statistics without touching the log.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { COLUMN_METRIC, counterId, grainLengths, type CounterGrain, type CounterRange, type CounterRow, type CounterRule, type CounterScope, type CounterTally, type TallyRow, addTallies } from '../../audit/statistics-counters.ts';
import type { Database } from './schema.ts';

// Rows per INSERT: 12 parameters each stays far below SQLite's parameter limit.
const CHUNK = 500;

/** Adds counter increments (merged per key by the caller) to the stored counters. */
export async function addCounters(db: Kysely<Database>, rows: readonly CounterRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => ({
      id: counterId(r), grain: r.grain, period: r.period, agency: r.agency, gallery: r.gallery, purpose: r.purpose,
      action: r.action, outcome: r.outcome, decision: r.decision, reason: r.reason, metric: r.metric, amount: r.amount,
    }));
    await db.insertInto('audit_counters').values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ amount: sql`audit_counters.amount + excluded.amount` }))
      .execute();
  }
}

type Eb = ExpressionBuilder<Database, 'audit_counters'>;

const inRanges = (eb: Eb, ranges: readonly CounterRange[]) => eb.or(ranges.map((r) => eb.and([
  eb('grain', '=', r.grain),
  ...(r.from !== undefined ? [eb('period', '>=', r.from)] : []),
  ...(r.to !== undefined ? [eb('period', '<', r.to)] : []),
])));

const inScope = (eb: Eb, { agencies = [], galleries = [] }: CounterScope) =>
  eb.or([eb('agency', 'in', [...agencies]), ...(galleries.length ? [eb('gallery', 'in', [...galleries])] : [])]);

const matches = (eb: Eb, rule: CounterRule) => eb.and([
  eb('metric', '=', rule.metric),
  ...(rule.ok !== undefined ? [eb('outcome', rule.ok ? '=' : '<>', 'ok')] : []),
  ...(rule.action !== undefined ? [eb('action', '=', rule.action)] : []),
  ...(rule.decision !== undefined ? [eb('decision', '=', rule.decision)] : []),
]);

/** Counters in any of the ranges and in the scope, summed per key with periods cut to `periodLength` characters. */
export async function readCounters(db: Kysely<Database>, ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]> {
  if (ranges.length === 0) return [];
  const period = sql<string>`substr(period, 1, ${sql.lit(periodLength)})`;
  let q = db.selectFrom('audit_counters')
    .select(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric'])
    .select(period.as('period'))
    .select((eb) => eb.fn.sum<number | string>('amount').as('amount'))
    .where((eb) => inRanges(eb, ranges));
  if (scope.agencies) q = q.where((eb) => inScope(eb, scope));
  const rows = await q.groupBy(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric', period]).execute();
  return rows.map((r) => ({ ...r, grain: r.grain as CounterGrain, amount: Number(r.amount) }));
}

/** Only the column counters: the same text as the partial indexes' condition (migration 0025), so that the planner may use them. */
const onlyColumns = (eb: Eb) => eb('metric', 'like', sql.lit(`${COLUMN_METRIC}%`));

/**
 * A tally summed in the database, one statement per range: only the counters some rule matches are
 * grouped, one row per group and stored period comes back. Year and month counters group by the
 * plain period, which lets an index led by grain, agency, gallery, purpose, period group them as
 * they are read; day counters group by an expression (cut to `periodLength`), so that their period
 * range is read from the index led by grain and period instead. A tally of column counters reads
 * only those (their own partial indexes, migration 0025) and evaluates no rule beyond the metric.
 */
export async function tallyCounters(db: Kysely<Database>, ranges: readonly CounterRange[], scope: CounterScope, periodLength: number, tally: CounterTally): Promise<TallyRow[]> {
  const columns = Object.entries(tally.columns);
  const fields = tally.by.filter((d) => d !== 'period');
  const byPeriod = tally.by.includes('period');
  const statements = ranges.map((range) => {
    const period = range.grain === 'day' ? sql<string>`substr(period, 1, ${sql.lit(periodLength)})` : sql<string>`period`;
    let q = db.selectFrom('audit_counters')
      .select(fields)
      .select((eb) => columns.map(([name, rule]) => eb.fn.sum<number | string>(eb.case().when(matches(eb, rule)).then(eb.ref('amount')).else(sql.lit(0)).end()).as(name)))
      .where((eb) => inRanges(eb, [range]))
      .where((eb) => (tally.columnCounters ? onlyColumns(eb) : eb.or(columns.map(([, rule]) => matches(eb, rule)))));
    if (byPeriod) q = q.select(period.as('period'));
    if (scope.agencies) q = q.where((eb) => inScope(eb, scope));
    return { q: q.groupBy([...fields, ...(byPeriod ? [period] : [])]), cut: byPeriod && grainLengths[range.grain] > periodLength };
  });
  // One range whose periods need no cutting: its rows are the answer's groups already (sums as numbers: PostgreSQL returns bigint sums as text).
  if (statements.length === 1 && !statements[0]!.cut) {
    const rows = (await statements[0]!.q.execute()) as TallyRow[];
    for (const r of rows) for (const [c] of columns) r[c] = Number(r[c]);
    return rows;
  }
  const into = new Map<string, TallyRow>();
  for (const { q } of statements) addTallies((await q.execute()) as TallyRow[], tally, periodLength, into);
  return [...into.values()];
}
