// Per-period counters kept beside the log, written in the same transaction as each entry, so that
// statistics read a few thousand counter rows instead of every entry. A counter is generic over
// the entry's fields (agency, gallery, purpose, action, outcome, decision, reason), so actions
// added later are counted without code changes; which counters feed which statistics column is
// one rule table (statisticsRules). Each entry counts four times: in its year, its month, its day
// and its hour, so that a query whose bounds fall inside a year, a month or a day still reads
// counters, and only the parts of (at most two) hours at its bounds are counted from entries. Beside
// these, each entry adds to one `column.<name>` counter per statistics column its counters feed
// (derived from them by the rule table), so that an answer sums counters without evaluating rules.
import { createHash } from 'node:crypto';
import { statisticColumns, type StatisticColumn } from '../domain/log-entry.ts';
import type { RefusalRow, StatisticsCheck, StatisticsCounterKey, StatisticsQuery, StatisticsRow } from '../services/ports/audit-ledger.ts';
import { auditActions as A, type LogEntry } from './entry.ts';

/** The dimension value used when an entry names no gallery or no purpose. */
export const NONE = '(none)';
/** The metric counting entries once per gallery they name; `gallery.<name>` metrics sum the entry's per-gallery result counts. */
export const ENTRIES = 'entries';
/** The metric counting entries once each, whatever galleries they name (gallery `(none)`). */
export const ENTRY = 'entry';
/** The metric counting an entry once for each agency in its `recipients`, under that agency (gallery `(none)`). */
export const RECIPIENT = 'recipient';
const GALLERY_METRIC = 'gallery.';
/** The metric prefix of the counters that hold one statistics column each (`column.searches`, …). */
export const COLUMN_METRIC = 'column.';

export type CounterKey = StatisticsCounterKey;
export type CounterGrain = CounterKey['grain'];

export interface CounterRow extends CounterKey {
  amount: number;
}

/** A selection of counters: one grain, periods in [from, to) (open when absent). */
export interface CounterRange {
  grain: CounterGrain;
  from?: string;
  to?: string;
}

/** The agencies (and, for other agencies' entries, the galleries) a read may narrow to. */
export interface CounterScope {
  agencies?: readonly string[];
  galleries?: readonly string[];
}

const keyFields = ['grain', 'period', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric'] as const;

/** A short, fixed-length identity of a counter (stored as its primary key). */
export function counterId(k: CounterKey): string {
  return createHash('sha256').update(JSON.stringify(keyFields.map((f) => k[f]))).digest('base64url').slice(0, 32);
}

/** The grains, coarsest first, and the length of their periods (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH). */
export const grainLengths: Readonly<Record<CounterGrain, number>> = { year: 4, month: 7, day: 10, hour: 13 };
/** Every grain, coarsest first. */
export const counterGrains: readonly CounterGrain[] = ['year', 'month', 'day', 'hour'];
/** The longest period (an hour's): reading counters with periods cut to it keeps every period whole. */
export const PERIOD_LENGTH_MAX = grainLengths.hour;

/** Calls `emit` with each counter one entry adds at the grains given, not merged (one key may come more than once). */
function eachCounter(e: LogEntry, grains: readonly CounterGrain[], emit: (row: CounterRow) => void): void {
  const purpose = e.purpose ?? NONE;
  const decision = e.decision ?? '';
  const reason = e.reason ?? '';
  const galleries = e.galleries?.length ? e.galleries : [NONE];
  for (const grain of grains) {
    const period = e.time.slice(0, grainLengths[grain]);
    const add = (gallery: string, metric: string, amount: number, agency = e.actor.agency) =>
      emit({ grain, period, agency, gallery, purpose, action: e.action, outcome: e.outcome, decision, reason, metric, amount });
    for (const g of galleries) {
      add(g, ENTRIES, 1);
      for (const [name, n] of Object.entries(e.result?.byGallery?.[g] ?? {})) if (n > 0) add(g, GALLERY_METRIC + name, n);
    }
    add(NONE, ENTRY, 1);
    for (const r of e.recipients ?? []) add(NONE, RECIPIENT, 1, r);
  }
}

/** The counter increments one entry makes (duplicates merged), at every grain or the ones given, with the column counters they feed. */
export function counterIncrements(e: LogEntry, grains: readonly CounterGrain[] = counterGrains): CounterRow[] {
  const emitted: CounterRow[] = [];
  eachCounter(e, grains, (row) => emitted.push(row));
  const base = [...sumCounters(emitted).values()];
  return [...base, ...columnCounters(base)];
}

/**
 * Adds what one entry counts at one grain to a tally, for the counters `keep` accepts: the sums a
 * tally of its counterIncrements at that grain gives (sums are linear), without building, merging
 * or deriving counter rows first. The parts of hours at a query's bounds are counted with it.
 */
export function tallyEntry(e: LogEntry, grain: CounterGrain, tally: CounterTally, periodLength: number, keep: (r: CounterKey) => boolean, into: Map<string, TallyRow>): void {
  const plan = entryTallyPlan(tally);
  eachCounter(e, [grain], (r) => {
    if (!keep(r)) return;
    if (plan.derived) {
      for (const [rule, hit] of plan.derived) if (matchesRule(r, rule)) addToTally(into, tally, plan.names, r, periodLength, hit, true);
    } else {
      const hit = plan.names.filter((c) => matchesRule(r, tally.columns[c]!));
      if (hit.length) addToTally(into, tally, plan.names, r, periodLength, hit, false);
    }
  });
}

interface EntryTallyPlan {
  names: string[];
  /** For a tally of column counters: each statistics rule with the tally's columns its column counter feeds. */
  derived?: Array<[CounterRule, string[]]>;
}
const entryTallyPlans = new WeakMap<CounterTally, EntryTallyPlan>();
// A column counter's action, outcome, decision and reason are empty, so which tally columns it feeds depends on its metric only.
const derivedFields = new Set<string>(['action', 'outcome', 'decision', 'reason']);
function entryTallyPlan(tally: CounterTally): EntryTallyPlan {
  let plan = entryTallyPlans.get(tally);
  if (plan) return plan;
  const names = Object.keys(tally.columns);
  plan = { names };
  if (tally.columnCounters) {
    plan.derived = Object.entries(statisticsRules.columns).map(([name, rule]): [CounterRule, string[]] => {
      const key = { metric: COLUMN_METRIC + name, action: '', outcome: '', decision: '' } as CounterKey;
      return [rule, names.filter((c) => matchesRule(key, tally.columns[c]!))];
    }).filter(([, hit]) => hit.length > 0);
  }
  entryTallyPlans.set(tally, plan);
  return plan;
}

/** Adds `amount` to the columns `hit` of the tally row of counter `r` (as a derived column counter when `derived`). */
function addToTally(into: Map<string, TallyRow>, tally: CounterTally, names: readonly string[], r: CounterRow, periodLength: number, hit: readonly string[], derived: boolean): void {
  const group = tally.by.map((d) => (d === 'period' ? r.period.slice(0, periodLength) : derived && derivedFields.has(d) ? '' : r[d]));
  const key = group.join('\u0000');
  let row = into.get(key);
  if (!row) {
    row = {};
    tally.by.forEach((d, i) => (row![d] = group[i]!));
    for (const c of names) row[c] = 0;
    into.set(key, row);
  }
  for (const c of hit) (row[c] as number) += r.amount;
}

/** Whether a counter is one of the derived `column.<name>` counters. */
export const isColumnCounter = (r: Pick<CounterKey, 'metric'>) => r.metric.startsWith(COLUMN_METRIC);

/**
 * The column counters that counters feed (by statisticsRules), merged per key: one per grain,
 * period, agency, gallery, purpose and column, with action, outcome, decision and reason left
 * empty. Sums are linear, so deriving them from stored counters gives what the entries added.
 */
export function columnCounters(rows: Iterable<CounterRow>): CounterRow[] {
  const columns = Object.entries(statisticsRules.columns);
  const derived: CounterRow[] = [];
  for (const r of rows) {
    if (isColumnCounter(r)) continue;
    for (const [name, rule] of columns) {
      if (matchesRule(r, rule)) derived.push({ grain: r.grain, period: r.period, agency: r.agency, gallery: r.gallery, purpose: r.purpose, action: '', outcome: '', decision: '', reason: '', metric: COLUMN_METRIC + name, amount: r.amount });
    }
  }
  return [...sumCounters(derived).values()];
}

/** Sums counter rows by key (e.g. the increments of many entries). */
export function sumCounters(rows: Iterable<CounterRow>, into = new Map<string, CounterRow>()): Map<string, CounterRow> {
  for (const r of rows) {
    const k = JSON.stringify(keyFields.map((f) => r[f]));
    const held = into.get(k);
    if (held) held.amount += r.amount;
    else into.set(k, { ...r });
  }
  return into;
}

/**
 * A counter condition: the counters of `metric` whose outcome is `ok` (true) or anything else
 * (false; any outcome when absent), narrowed to one action and decision when given.
 */
export interface CounterRule {
  ok?: boolean;
  metric: string;
  action?: string;
  decision?: string;
}

/** The fields a tally groups by (`period` cut to the answer's length). */
export type TallyDimension = 'agency' | 'gallery' | 'purpose' | 'action' | 'outcome' | 'reason' | 'period';

/**
 * What a tally sums: per group of `by`, one sum per column over the counters its rule matches.
 * With `columnCounters`, every rule names a `column.<name>` metric only, so a store may read just
 * those counters (the Kysely store keeps them in a table of their own, one row per group).
 */
export interface CounterTally {
  by: readonly TallyDimension[];
  columns: Readonly<Record<string, CounterRule>>;
  columnCounters?: boolean;
}

/** One group of a tally: its `by` fields and one sum per column. */
export type TallyRow = Record<string, string | number>;

/** Which counters feed which statistics column. Refused and failed actions count only as refusals; a search counts once it completed. */
export const statisticsRules: CounterTally = {
  by: ['agency', 'gallery', 'purpose', 'period'],
  columns: {
    searches: { ok: true, action: A.searchEnd, metric: ENTRIES },
    candidates: { ok: true, action: A.searchEnd, metric: `${GALLERY_METRIC}candidates` },
    potentialHits: { ok: true, action: A.searchEnd, metric: `${GALLERY_METRIC}potentialHits` },
    confirmedHits: { ok: true, action: A.hitConcluded, decision: 'confirmed', metric: ENTRIES },
    disclosuresApproved: { ok: true, action: A.disclosureDecision, decision: 'approved', metric: ENTRIES },
    disclosuresDenied: { ok: true, action: A.disclosureDecision, decision: 'denied', metric: ENTRIES },
    verifications: { ok: true, action: A.verification, metric: ENTRIES },
    erasures: { ok: true, action: A.erasure, metric: ENTRIES },
    refusals: { ok: false, metric: ENTRIES },
  } satisfies Record<StatisticColumn, CounterRule>,
};

/** The statistics columns summed from the column counters, which statisticsRules derived when counting. */
export const statisticsTally: CounterTally = {
  by: statisticsRules.by,
  columns: Object.fromEntries(statisticColumns.map((c) => [c, { metric: COLUMN_METRIC + c }])) as Record<StatisticColumn, CounterRule>,
  columnCounters: true,
};

/** Circulated notices by agency × period: issued and received (notice.circulate, received per recipient), accepted, declined, answered and hit, disclosed. */
export const noticesTally: CounterTally = {
  by: ['agency', 'period'],
  columns: {
    issued: { ok: true, action: 'notice.circulate', metric: ENTRY },
    received: { ok: true, action: 'notice.circulate', metric: RECIPIENT },
    accepted: { ok: true, action: 'notice.accept', metric: ENTRY },
    declined: { ok: true, action: 'notice.decline', metric: ENTRY },
    answered: { ok: true, action: 'notice.answer', metric: ENTRY },
    hit: { ok: true, action: 'notice.answer', decision: 'hit', metric: ENTRY },
    disclosed: { ok: true, action: 'notice.disclosed', metric: ENTRY },
  },
};

/** Refused and failed actions by agency × gallery × action × outcome × reason × period. */
export const refusalsTally: CounterTally = {
  by: ['agency', 'gallery', 'action', 'outcome', 'reason', 'period'],
  columns: { count: { ok: false, metric: ENTRIES } },
};

/** Whether a counter matches a rule. */
export function matchesRule(r: CounterKey, rule: CounterRule): boolean {
  return r.metric === rule.metric && (rule.ok === undefined || (r.outcome === 'ok') === rule.ok)
    && (rule.action === undefined || r.action === rule.action) && (rule.decision === undefined || r.decision === rule.decision);
}

/** Tallies counters in memory, adding to `into` (the same sums the store computes in SQL); groups no rule matches are left out. */
export function tallyRows(rows: Iterable<CounterRow>, tally: CounterTally, periodLength: number, into = new Map<string, TallyRow>()): Map<string, TallyRow> {
  const columns = Object.entries(tally.columns);
  for (const r of rows) {
    const hit = columns.filter(([, rule]) => matchesRule(r, rule));
    if (hit.length === 0) continue;
    const group = tally.by.map((d) => (d === 'period' ? r.period.slice(0, periodLength) : r[d]));
    const key = group.join('\u0000');
    let row = into.get(key);
    if (!row) {
      row = Object.fromEntries([...tally.by.map((d, i) => [d, group[i]!]), ...columns.map(([c]) => [c, 0])]) as TallyRow;
      into.set(key, row);
    }
    for (const [c] of hit) (row[c] as number) += r.amount;
  }
  return into;
}

/** The key tallyRows files a tally row under (fields joined by NUL, which no field holds). */
export const tallyKey = (row: TallyRow, tally: CounterTally) => tally.by.map((d) => row[d]).join('\u0000');

/** Whether a counter lies in the query's scope: the agencies' own, and others' about the owner's galleries. */
export function inScope(query: CounterScope): (r: CounterKey) => boolean {
  if (!query.agencies) return () => true;
  const agencies = new Set(query.agencies);
  const owned = new Set(query.galleries ?? []);
  return (r) => agencies.has(r.agency) || owned.has(r.gallery);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareLists = (a: string[], b: string[]) => a.reduce((d, x, i) => d || cmp(x, b[i]!), 0);

/** Statistics rows from a statistics tally (whose rows it takes over), sorted; rows of zeros left out. */
export function statisticsFromTally(rows: Iterable<TallyRow>): StatisticsRow[] {
  const out: StatisticsRow[] = [];
  for (const r of rows) {
    // A tally row of the statistics tally has exactly the fields of a statistics row; sums may come as text.
    let any = false;
    for (const c of statisticColumns) any = (r[c] = Number(r[c])) !== 0 || any;
    if (any) out.push(r as StatisticsRow);
  }
  // Stores return rows in this order already, which the sort then only confirms.
  return out.sort((a, b) => cmp(a.agency, b.agency) || cmp(a.gallery, b.gallery) || cmp(a.purpose, b.purpose) || cmp(a.period, b.period));
}

/** Refusal rows from a refusals tally, sorted. */
export function refusalsFromTally(rows: Iterable<TallyRow>): RefusalRow[] {
  const table = new Map<string, RefusalRow>();
  for (const r of rows) {
    if (Number(r.count) === 0) continue;
    // An entry without a reason is shown as (none).
    const row = { agency: String(r.agency), gallery: String(r.gallery), action: String(r.action), outcome: r.outcome as RefusalRow['outcome'], reason: String(r.reason) || NONE, period: String(r.period) };
    const key = JSON.stringify(Object.values(row));
    const held = table.get(key);
    if (held) held.count += Number(r.count);
    else table.set(key, { ...row, count: Number(r.count) });
  }
  const order = (r: RefusalRow) => [r.agency, r.gallery, r.action, r.outcome, r.reason, r.period];
  return [...table.values()].sort((a, b) => compareLists(order(a), order(b)));
}

const periodLengthOf = (query: StatisticsQuery) => (query.by === 'month' ? 7 : 4);

/**
 * Statistics rows from counters of one grain (already narrowed to the query's time range), sorted;
 * rows of zeros left out. Applies the rules to the counters of the entries' fields, not the column
 * counters, so that it recounts what the stored column counters hold.
 */
export function statisticsFromCounters(counters: Iterable<CounterRow>, query: StatisticsQuery = {}): StatisticsRow[] {
  return statisticsFromTally(tallyRows([...counters].filter(inScope(query)), statisticsRules, periodLengthOf(query)).values());
}

/** Refused and failed actions from counters, by agency × gallery × action × outcome × reason × period. */
export function refusalsFromCounters(counters: Iterable<CounterRow>, query: StatisticsQuery = {}): RefusalRow[] {
  return refusalsFromTally(tallyRows([...counters].filter(inScope(query)), refusalsTally, periodLengthOf(query)).values());
}

/** Whether a counter lies in a range (periods compare as text). */
export function inRange(r: CounterKey, range: CounterRange): boolean {
  return r.grain === range.grain && (range.from === undefined || r.period >= range.from) && (range.to === undefined || r.period < range.to);
}

/**
 * Compares stored counters with a recount. Periods holding an entry whose payload is gone
 * (`redactedTimes`) are left out: the log can no longer recount them, while the counters keep them.
 */
export function compareCounters(stored: Iterable<CounterRow>, recounted: Map<string, CounterRow>, redactedTimes: Iterable<string>, entries: number, maxDifferences = 100): StatisticsCheck {
  const skipped = new Set<string>();
  let redacted = 0;
  for (const t of redactedTimes) {
    redacted += 1;
    skipped.add(t.slice(0, 4));
    skipped.add(t.slice(0, 7));
    skipped.add(t.slice(0, 10));
    skipped.add(t.slice(0, 13));
  }
  const held = sumCounters([...stored].filter((r) => !skipped.has(r.period)));
  const differences: StatisticsCheck['differences'] = [];
  let total = 0;
  const keys = new Set([...held.keys(), ...[...recounted.entries()].filter(([, r]) => !skipped.has(r.period)).map(([k]) => k)]);
  for (const k of [...keys].sort()) {
    total += 1;
    const a = held.get(k)?.amount ?? 0;
    const b = recounted.get(k)?.amount ?? 0;
    if (a === b) continue;
    const { amount: _, ...counter } = (held.get(k) ?? recounted.get(k))!;
    differences.push({ counter, stored: a, recounted: b });
  }
  return {
    ok: differences.length === 0, entries, redacted, counters: total, skippedPeriods: [...skipped].sort(),
    differences: differences.slice(0, maxDifferences), moreDifferences: Math.max(0, differences.length - maxDifferences),
  };
}
