// Statistics over a large log for `npm run bench -- audit`: today's full scan of the entries
// against the counters, measured in the same run.
//
// How the data is made: W synthetic entries (src/testing/synthetic-workload.ts, 2024-01 …
// 2026-06) are written straight into audit_leaves in one transaction (real payloads and leaf
// hashes, placeholder receipts: nothing here checks signatures), with their counters. The scan is
// timed at W entries and extrapolated linearly to the target size (it reads every entry once).
// The target-size counter table is built from W's counters: five relabelled copies (agency and
// gallery names suffixed #0…#4, i.e. 25 agencies and 35 galleries, five times the workload's
// cardinality) with amounts scaled so the copies together count `target` entries. The query cost
// depends on the number of counter rows, not on the amounts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepStrictEqual } from 'node:assert/strict';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import type { LogEntry } from '../../src/audit/entry.ts';
import { leafHash } from '../../src/audit/merkle-tree.ts';
import type { NoteSigner } from '../../src/audit/signed-note.ts';
import type { AuditStore } from '../../src/audit/audit-store.ts';
import { counterIncrements, NONE, planCounters, statisticsFromTally, statisticsRules, sumCounters, type CounterRow } from '../../src/audit/statistics-counters.ts';
import { computeStatisticsFrom } from '../../src/audit/statistics.ts';
import type { StatisticsQuery, StatisticsRow } from '../../src/services/ports/audit-ledger.ts';
import { addCounters } from '../../src/store/kysely/audit-counters.ts';
import { openStore } from '../../src/store/kysely/kysely-store.ts';
import { syntheticWorkload } from '../../src/testing/synthetic-workload.ts';
import { now, round, summary } from '../bench-util.ts';

const COPIES = 5;
const REPEATS = 5;

/** The queries an auditor asks: every agency or one, by year or month, whole periods, bounds inside months and inside days. */
const queries: Record<string, StatisticsQuery> = {
  all_by_year: { by: 'year' },
  all_by_month: { by: 'month' },
  one_agency_owner_view_by_month: { agencies: ['bka#0'], galleries: ['g-bka-ed#0', 'g-bka-wanted#0'], by: 'month' },
  whole_months_range: { from: '2025-01-01', to: '2025-07-01', by: 'month' },
  bounds_inside_months: { from: '2024-03-17', to: '2025-11-09', by: 'month' },
  bounds_inside_days: { from: '2024-03-17T08:00:00.000Z', to: '2025-11-09T17:30:00.000Z' },
};

/** CPU time of this process since `start` (SQLite runs in-process, so this is the query's own cost, whatever the machine's load). */
const cpuMs = (start: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
};

/**
 * The previous answer path, for comparison in the same run: months and days only, every column's
 * rule evaluated on the counters of the entries' fields (the sums of migration 0024). Counters
 * only: the partial days at bounds inside a day are left out.
 */
async function previousPath(store: AuditStore, q: StatisticsQuery): Promise<StatisticsRow[]> {
  const plan = planCounters(q.from, q.to);
  const scope = q.agencies ? { agencies: q.agencies, galleries: q.galleries ?? [] } : {};
  return statisticsFromTally(await store.tallyCounters(plan.ranges, scope, q.by === 'month' ? 7 : 4, statisticsRules));
}

/** Wall and CPU time of `REPEATS` runs of `fn`. */
async function timed(fn: () => Promise<unknown[]>): Promise<{ rows: number; ms: ReturnType<typeof summary>; max_ms: number; cpu_ms_p50: number }> {
  const lat: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let i = 0; i < REPEATS; i++) {
    const t = now();
    const c = process.cpuUsage();
    rows = (await fn()).length;
    lat.push(now() - t);
    cpu.push(cpuMs(c));
  }
  return { rows, ms: summary(lat), max_ms: round(Math.max(...lat)), cpu_ms_p50: summary(cpu).p50 };
}

async function timeQueries(log: AuditLog, store: AuditStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, q] of Object.entries(queries)) {
    // The two paths must agree wherever no partial day is counted from the entries.
    if (planCounters(q.from, q.to).scans.length === 0) deepStrictEqual(await log.statistics(q), await previousPath(store, q));
    const current = await timed(() => log.statistics(q));
    const previous = await timed(() => previousPath(store, q));
    const t = now();
    await log.refusals(q);
    out[name] = { ...current, previous_ms_p50: previous.ms.p50, previous_cpu_ms_p50: previous.cpu_ms_p50, refusals_ms: round(now() - t) };
  }
  return out;
}

/** Runs the comparison; returns the figures. */
export async function statisticsAtScale(signer: NoteSigner, entriesW: number, target: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'abg-stats-bench-'));
  try {
    let t = now();
    const entries = syntheticWorkload(entriesW, 5).map((e) => ({ v: 1, ...e }) as LogEntry);
    const sums = new Map<string, CounterRow>();
    for (const e of entries) sumCounters(counterIncrements(e), sums);
    const counters = [...sums.values()];
    const small = await openStore({ dialect: 'sqlite', file: join(dir, 'small.db') });
    await small.db.transaction().execute(async (trx) => {
      for (let i = 0; i < entries.length; i += 500) {
        await trx.insertInto('audit_leaves').values(entries.slice(i, i + 500).map((e, k) => {
          const payload = canonicalJson(e);
          return { seq: i + k, time: e.time, leaf_hash: leafHash(Buffer.from(payload, 'utf8')).toString('base64'), payload, receipt: '' };
        })).execute();
      }
      await addCounters(trx, counters);
    });
    const fillS = (now() - t) / 1000;
    console.log(`# statistics: ${entriesW} entries and ${counters.length} counters written in ${round(fillS, 1)} s`);
    const log = new AuditLog({ store: small.audit, signer });

    // Today's path: every entry read and counted.
    t = now();
    const scanned = await computeStatisticsFrom(log.entries(), { by: 'month' });
    const scanS = (now() - t) / 1000;
    deepStrictEqual(await log.statistics({ by: 'month' }), scanned);
    deepStrictEqual(await log.statistics(queries.bounds_inside_days!), await computeStatisticsFrom(log.entries(), queries.bounds_inside_days!));
    t = now();
    const check = await log.verifyStatistics();
    const verifyS = (now() - t) / 1000;
    if (!check.ok) throw new Error('stats verify found differences in the benchmark log');
    const atW = await timeQueries(log, small.audit);
    await small.close();
    console.log(`# statistics: scan of ${entriesW} entries ${round(scanS, 2)} s; stats verify ${round(verifyS, 2)} s`);

    // The target-size counter table.
    t = now();
    const scale = target / entriesW / COPIES;
    const big = await openStore({ dialect: 'sqlite', file: join(dir, 'big.db') });
    const relabel = (name: string, k: number) => (name === NONE ? name : `${name}#${k}`);
    await big.db.transaction().execute(async (trx) => {
      for (let k = 0; k < COPIES; k++) {
        await addCounters(trx, counters.map((c) => ({ ...c, agency: relabel(c.agency, k), gallery: relabel(c.gallery, k), amount: Math.round(c.amount * scale) })));
      }
    });
    const bigLog = new AuditLog({ store: big.audit, signer });
    // Rows as stored: the counters of the entries' fields, and the column counters one row per grain, period, agency, gallery and purpose.
    const stored: Record<string, number> = {};
    for (const table of ['audit_counters', 'audit_column_counters'] as const) {
      for (const r of await big.db.selectFrom(table).select('grain').select((eb) => eb.fn.countAll<number>().as('n')).groupBy('grain').execute()) stored[`${table}.${r.grain}`] = Number(r.n);
    }
    console.log(`# statistics: ${counters.length * COPIES} counters for ${target} entries written in ${round((now() - t) / 1000, 1)} s`);
    const atTarget = await timeQueries(bigLog, big.audit);
    await big.close();

    const perEntryMs = (scanS * 1000) / entriesW;
    // Bounds inside a day also count the rest of those (at most two) days from their entries.
    const entriesPerDay = target / 912;
    return {
      method: 'synthetic entries written straight into audit_leaves and audit_counters (see bench/lib/statistics-scale.ts); SQLite file',
      scan_today: { entries: entriesW, seconds: round(scanS, 2), per_second: Math.round(entriesW / scanS), extrapolated_seconds_at_target: round((perEntryMs * target) / 1000, 0) },
      stats_verify: { entries: entriesW, seconds: round(verifyS, 2), extrapolated_seconds_at_target: round((verifyS * target) / entriesW, 0) },
      counters_at_w: { entries: entriesW, counter_rows: counters.length, queries: atW },
      counters_at_target: { entries: target, counter_rows: counters.length * COPIES, stored_rows: stored, queries: atTarget },
      partial_day_scan_estimate_ms: { entries_per_day: Math.round(entriesPerDay), worst_case_two_partial_days: round(2 * entriesPerDay * perEntryMs, 0) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
