// The statistics counters beside the audit log: an upsert that adds increments (safe under
// concurrent writers on both dialects: one statement per row key, INSERT … ON CONFLICT DO UPDATE)
// and a grouped read that answers statistics without touching the log.
import { sql, type Kysely } from 'kysely';
import { counterId, type CounterGrain, type CounterRange, type CounterRow, type CounterScope } from '../../audit/statistics-counters.ts';
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

/** Counters in any of the ranges and in the scope, summed per key with periods cut to `periodLength` characters. */
export async function readCounters(db: Kysely<Database>, ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]> {
  if (ranges.length === 0) return [];
  const period = sql<string>`substr(period, 1, ${sql.lit(periodLength)})`;
  let q = db.selectFrom('audit_counters')
    .select(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric'])
    .select(period.as('period'))
    .select((eb) => eb.fn.sum<number | string>('amount').as('amount'))
    .where((eb) => eb.or(ranges.map((r) => eb.and([
      eb('grain', '=', r.grain),
      ...(r.from !== undefined ? [eb('period', '>=', r.from)] : []),
      ...(r.to !== undefined ? [eb('period', '<', r.to)] : []),
    ]))));
  if (scope.agencies) {
    const { agencies, galleries = [] } = scope;
    q = q.where((eb) => eb.or([eb('agency', 'in', [...agencies]), ...(galleries.length ? [eb('gallery', 'in', [...galleries])] : [])]));
  }
  const rows = await q.groupBy(['grain', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric', period]).execute();
  return rows.map((r) => ({ ...r, grain: r.grain as CounterGrain, amount: Number(r.amount) }));
}
