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
// depends on the number of counter rows, not on the amounts. The target-size table holds no
// entries except on the two days the time-bounded queries end in: those get entries at the density
// of `target` entries a year (with their hour counters), so that the parts of hours (and, on the
// path before hour counters, of days) counted from the entries are timed at that size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deepStrictEqual } from 'node:assert/strict';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { canonicalJson } from '../../src/audit/canonical-json.ts';
import type { LogEntry } from '../../src/audit/entry.ts';
import { leafHash } from '../../src/audit/merkle-tree.ts';
import type { NoteSigner } from '../../src/audit/signed-note.ts';
import type { AuditStore } from '../../src/audit/audit-store.ts';
import {
  counterIncrements, inScope, NONE, statisticsFromTally, statisticsRules, statisticsTally, sumCounters, tallyKey, tallyRows, type CounterRow,
} from '../../src/audit/statistics-counters.ts';
import { sql } from 'kysely';
import { planCounters } from '../../src/audit/counter-plan.ts';
import { computeStatisticsFrom } from '../../src/audit/statistics.ts';
import type { StatisticsQuery, StatisticsRow } from '../../src/services/ports/audit-ledger.ts';
import { addCounters } from '../../src/store/kysely/audit-counters.ts';
import { openStore } from '../../src/store/kysely/kysely-store.ts';
import { syntheticWorkload } from '../../src/testing/synthetic-workload.ts';
import { now, round, summary } from '../bench-util.ts';

const COPIES = 5;
// The paths before (scans of whole days) are slow at the target size: fewer repeats of them.
const REPEATS = 11;
const REPEATS_BEFORE = 5;
/** The days the time-bounded queries end in, which get entries at the target's density in the target-size table. */
const EDGE_DAYS = ['2024-03-17', '2025-11-09'];

/** The queries an auditor asks: every agency or one, by year or month, whole periods, bounds inside months, days and hours. */
const queries: Record<string, StatisticsQuery> = {
  all_by_year: { by: 'year' },
  all_by_month: { by: 'month' },
  one_agency_owner_view_by_month: { agencies: ['bka#0'], galleries: ['g-bka-ed#0', 'g-bka-wanted#0'], by: 'month' },
  whole_months_range: { from: '2025-01-01', to: '2025-07-01', by: 'month' },
  bounds_inside_months: { from: '2024-03-17', to: '2025-11-09', by: 'month' },
  bounds_inside_days: { from: '2024-03-17T08:00:00.000Z', to: '2025-11-09T17:30:00.000Z' },
  bounds_inside_hours: { from: '2024-03-17T08:20:00.000Z', to: '2025-11-09T17:40:00.000Z' },
  bounds_inside_hours_by_month: { from: '2024-03-17T08:20:00.000Z', to: '2025-11-09T17:40:00.000Z', by: 'month' },
  time_inside_a_day: { from: '2025-11-09T06:00:00.000Z', to: '2025-11-09T17:00:00.000Z' },
  time_inside_a_day_bounds_inside_hours: { from: '2025-11-09T06:20:00.000Z', to: '2025-11-09T17:40:00.000Z' },
  time_inside_an_hour: { from: '2025-11-09T10:05:00.000Z', to: '2025-11-09T10:55:00.000Z' },
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
  const plan = planCounters(q.from, q.to, ['month', 'day']);
  const scope = q.agencies ? { agencies: q.agencies, galleries: q.galleries ?? [] } : {};
  return statisticsFromTally(await store.tallyCounters(plan.ranges, scope, q.by === 'month' ? 7 : 4, statisticsRules));
}

/**
 * The path before hour counters (the code of AuditLog.statistics then), for comparison in the same
 * run: column counters of whole years, months and days, and the partial days at bounds inside a
 * day counted from their entries (every grain's increments built, the day's kept).
 */
async function beforeHoursPath(store: AuditStore, q: StatisticsQuery): Promise<StatisticsRow[]> {
  const plan = planCounters(q.from, q.to, q.by === 'month' ? ['month', 'day'] : ['year', 'month', 'day']);
  const scope = q.agencies ? { agencies: q.agencies, galleries: q.galleries ?? [] } : {};
  const periodLength = q.by === 'month' ? 7 : 4;
  const stored = await store.tallyCounters(plan.ranges, scope, periodLength, statisticsTally);
  const rows = new Map(stored.map((r) => [tallyKey(r, statisticsTally), r]));
  const keep = inScope(scope);
  for (const range of plan.scans) {
    for (const leaf of await store.readLeavesByTime(range.from, range.to)) {
      if (leaf.payload === null) continue;
      const day = counterIncrements(JSON.parse(leaf.payload) as LogEntry, ['year', 'month', 'day']).filter((r) => r.grain === 'day' && keep(r));
      tallyRows(day, statisticsTally, periodLength, rows);
    }
  }
  return statisticsFromTally(rows.values());
}

/** Entries counted from the log by a plan (the parts of hours or days at its bounds). */
async function entriesScanned(store: AuditStore, scans: Array<{ from: string; to: string }>): Promise<number> {
  let n = 0;
  for (const r of scans) n += (await store.readLeavesByTime(r.from, r.to)).length;
  return n;
}

/** Wall and CPU time of `repeats` runs of `fn`. */
async function timed(fn: () => Promise<unknown[]>, repeats = REPEATS): Promise<{ rows: number; ms: ReturnType<typeof summary>; max_ms: number; cpu_ms_p50: number }> {
  const lat: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeats; i++) {
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
    // The paths must agree wherever none counts a partial day or hour from the entries.
    if (planCounters(q.from, q.to, ['month', 'day']).scans.length === 0) {
      deepStrictEqual(await log.statistics(q), await previousPath(store, q));
      deepStrictEqual(await log.statistics(q), await beforeHoursPath(store, q));
    }
    const grains = q.by === 'month' ? ['month', 'day'] as const : ['year', 'month', 'day'] as const;
    const scanned = { now: await entriesScanned(store, planCounters(q.from, q.to, [...grains, 'hour']).scans), before_hours: await entriesScanned(store, planCounters(q.from, q.to, grains).scans) };
    const current = await timed(() => log.statistics(q));
    const before = await timed(() => beforeHoursPath(store, q), REPEATS_BEFORE);
    const previous = await timed(() => previousPath(store, q), REPEATS_BEFORE);
    const t = now();
    await log.refusals(q);
    out[name] = {
      ...current, entries_scanned: scanned,
      before_hours: { ms: before.ms, cpu_ms_p50: before.cpu_ms_p50 },
      previous_ms_p50: previous.ms.p50, previous_cpu_ms_p50: previous.cpu_ms_p50, refusals_ms: round(now() - t),
    };
    console.log(`# statistics ${name}: p50 ${current.ms.p50} ms (cpu ${current.cpu_ms_p50}), before hours ${before.ms.p50} ms; scanned ${scanned.now} / ${scanned.before_hours} entries`);
  }
  return out;
}

/** A name relabelled into copy `k` (suffixed #k); NONE stays NONE. */
const relabel = (name: string, k: number) => (name === NONE ? name : `${name}#${k}`);

/** An entry relabelled into copy `k` (agency and gallery names suffixed #k), as the target-size counters are. */
function relabelEntry(e: LogEntry, k: number): LogEntry {
  const r = (name: string) => relabel(name, k);
  const byGallery = e.result?.byGallery && Object.fromEntries(Object.entries(e.result.byGallery).map(([g, v]) => [r(g), v]));
  return {
    ...e, actor: { ...e.actor, agency: r(e.actor.agency) },
    ...(e.galleries ? { galleries: e.galleries.map(r) } : {}),
    ...(e.recipients ? { recipients: e.recipients.map(r) } : {}),
    ...(e.result ? { result: { ...e.result, ...(byGallery ? { byGallery } : {}) } } : {}),
  };
}

/** Runs the comparison; returns the figures. */
export async function statisticsAtScale(signer: NoteSigner, entriesW: number, requested: number): Promise<Record<string, unknown>> {
  // Every counter is scaled by one whole factor, so the grains still add up (a year counter is the
  // sum of its months) and the paths compared below agree; the target is rounded to fit.
  const scale = Math.max(1, Math.round(requested / entriesW / COPIES));
  const target = entriesW * COPIES * scale;
  if (target !== requested) console.log(`# statistics: target ${requested} entries rounded to ${target} (${COPIES} copies of ${entriesW} entries, amounts × ${scale})`);
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
    // Every query, on both paths, gives what the scan of the entries gives.
    for (const q of Object.values(queries)) {
      const rows = await computeStatisticsFrom(log.entries(), q);
      deepStrictEqual(await log.statistics(q), rows);
      deepStrictEqual(await beforeHoursPath(small.audit, q), rows);
    }
    t = now();
    const check = await log.verifyStatistics();
    const verifyS = (now() - t) / 1000;
    if (!check.ok) throw new Error('stats verify found differences in the benchmark log');
    const atW = await timeQueries(log, small.audit);
    await small.close();
    console.log(`# statistics: scan of ${entriesW} entries ${round(scanS, 2)} s; stats verify ${round(verifyS, 2)} s`);

    // The target-size counter table.
    t = now();
    const big = await openStore({ dialect: 'sqlite', file: join(dir, 'big.db') });
    await big.db.transaction().execute(async (trx) => {
      for (let k = 0; k < COPIES; k++) {
        await addCounters(trx, counters.map((c) => ({ ...c, agency: relabel(c.agency, k), gallery: relabel(c.gallery, k), amount: c.amount * scale })));
      }
    });
    // The edge days' entries at `target` entries a year, spread evenly over each day and over the copies, with their hour counters.
    const perDay = Math.round(target / 365);
    const edgeHours = new Map<string, CounterRow>();
    let seq = 0;
    for (const day of EDGE_DAYS) {
      const start = Date.parse(`${day}T00:00:00.000Z`);
      const dayEntries = syntheticWorkload(perDay, 17).map((e, i) => relabelEntry({ v: 1, ...e, time: new Date(start + Math.floor(((i + 0.5) * 86_400_000) / perDay)).toISOString() } as LogEntry, i % COPIES));
      for (const e of dayEntries) sumCounters(counterIncrements(e, ['hour']), edgeHours);
      await big.db.transaction().execute(async (trx) => {
        for (let i = 0; i < dayEntries.length; i += 500) {
          await trx.insertInto('audit_leaves').values(dayEntries.slice(i, i + 500).map((e) => {
            const payload = canonicalJson(e);
            return { seq: seq++, time: e.time, leaf_hash: leafHash(Buffer.from(payload, 'utf8')).toString('base64'), payload, receipt: '' };
          })).execute();
        }
      });
    }
    await big.db.transaction().execute((trx) => addCounters(trx, [...edgeHours.values()]));
    const edgeHourRows = { audit_counters: [...edgeHours.values()].filter((c) => !c.metric.startsWith('column.')).length, column_counter_keys: new Set([...edgeHours.values()].filter((c) => c.metric.startsWith('column.')).map((c) => [c.period, c.agency, c.gallery, c.purpose].join('|'))).size };
    const bigLog = new AuditLog({ store: big.audit, signer });
    // Rows as stored: the counters of the entries' fields, and the column counters one row per grain, period, agency, gallery and purpose.
    const stored: Record<string, number> = {};
    for (const table of ['audit_counters', 'audit_column_counters'] as const) {
      for (const r of await big.db.selectFrom(table).select('grain').select((eb) => eb.fn.countAll<number>().as('n')).groupBy('grain').execute()) stored[`${table}.${r.grain}`] = Number(r.n);
    }
    console.log(`# statistics: ${counters.length * COPIES} counters for ${target} entries written in ${round((now() - t) / 1000, 1)} s`);
    const atTarget = await timeQueries(bigLog, big.audit);
    // Bytes on disk per counter table and index (SQLite's dbstat), with the hour counters and, after deleting them and a VACUUM, without.
    const counterBytes = async () => {
      const r = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(big.db);
      const named = r.rows.filter((x) => x.name.includes('counters')).map((x) => [x.name, Number(x.bytes)] as const);
      return { total: named.reduce((a, [, b]) => a + b, 0), ...Object.fromEntries(named) };
    };
    await sql`vacuum`.execute(big.db);
    const fileBytes = statSync(join(dir, 'big.db')).size;
    const bytes = { with_hours: await counterBytes(), without_hours: {} as Record<string, number> };
    await big.db.deleteFrom('audit_counters').where('grain', '=', 'hour').execute();
    await big.db.deleteFrom('audit_column_counters').where('grain', '=', 'hour').execute();
    await sql`vacuum`.execute(big.db);
    bytes.without_hours = await counterBytes();
    await big.close();

    const perEntryMs = (scanS * 1000) / entriesW;
    // Bounds inside a day also count the rest of those (at most two) days from their entries.
    const entriesPerDay = target / 912;
    // Hour counters at the target: the hour rows one edge day holds at `target` entries a year, times the days of a year.
    const hourRowsEstimate = { per_day_at_density: { audit_counters: Math.round(edgeHourRows.audit_counters / EDGE_DAYS.length), audit_column_counters: Math.round(edgeHourRows.column_counter_keys / EDGE_DAYS.length) } };
    return {
      method: 'synthetic entries written straight into audit_leaves and audit_counters (see bench/lib/statistics-scale.ts); SQLite file',
      scan_today: { entries: entriesW, seconds: round(scanS, 2), per_second: Math.round(entriesW / scanS), extrapolated_seconds_at_target: round((perEntryMs * target) / 1000, 0) },
      stats_verify: { entries: entriesW, seconds: round(verifyS, 2), extrapolated_seconds_at_target: round((verifyS * target) / entriesW, 0) },
      counters_at_w: { entries: entriesW, counter_rows: counters.length, queries: atW },
      counters_at_target: {
        entries: target, counter_rows: counters.length * COPIES, stored_rows: stored, bytes_on_disk: { file_with_edge_entries: fileBytes, counters: bytes },
        edge_days: { days: EDGE_DAYS, entries_per_day: perDay, entries_per_hour: Math.round(perDay / 24) }, hour_rows_estimate: hourRowsEstimate, queries: atTarget,
      },
      partial_day_scan_estimate_ms: { entries_per_day: Math.round(entriesPerDay), worst_case_two_partial_days: round(2 * entriesPerDay * perEntryMs, 0) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
