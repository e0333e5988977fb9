// Statistics derived from log entries only: what a parliament or a supervisory authority asks
// for, by agency × gallery × purpose × year (or month). The counting rules are in docs/audit.md.
import { statisticColumns, type StatisticColumn } from '../domain/log-entry.ts';
import type { RefusalRow, StatisticsQuery, StatisticsRow } from '../services/ports/audit-ledger.ts';
import { csvCell } from '../interop/csv-cell.ts';
import { auditActions as A, type LogEntry } from './entry.ts';

export { statisticColumns, type RefusalRow, type StatisticColumn, type StatisticsQuery, type StatisticsRow };




/** The dimension value used when an entry names no gallery or no purpose. */
export const NONE = '(none)';

function emptyRow(agency: string, gallery: string, purpose: string, period: string): StatisticsRow {
  const row = { agency, gallery, purpose, period } as StatisticsRow;
  for (const c of statisticColumns) row[c] = 0;
  return row;
}

/** What one entry adds, per gallery counted. Refused and failed actions count only as refusals. */
function contributions(e: LogEntry, galleries: readonly string[]): Array<[gallery: string, column: StatisticColumn, amount: number]> {
  const each = (column: StatisticColumn) => galleries.map((g) => [g, column, 1] as [string, StatisticColumn, number]);
  if (e.outcome !== 'ok') return each('refusals');
  switch (e.action) {
    case A.searchEnd:
      // A search counts once it completed: search.start alone is an attempt.
      return [...each('searches'), ...Object.entries(e.result?.byGallery ?? {}).filter(([g]) => galleries.includes(g)).flatMap(([g, counts]) => [
        [g, 'candidates', counts.candidates ?? 0] as [string, StatisticColumn, number],
        [g, 'potentialHits', counts.potentialHits ?? 0] as [string, StatisticColumn, number],
      ])];
    case A.hitConcluded:
      return e.decision === 'confirmed' ? each('confirmedHits') : [];
    case A.disclosureDecision:
      return e.decision === 'approved' ? each('disclosuresApproved') : e.decision === 'denied' ? each('disclosuresDenied') : [];
    case A.verification:
      return each('verifications');
    case A.erasure:
      return each('erasures');
    default:
      return [];
  }
}

/** Aggregates entries into rows sorted by agency, gallery, purpose and period; rows with only zeros are left out. */
export function computeStatistics(entries: Iterable<LogEntry>, query: StatisticsQuery = {}): StatisticsRow[] {
  const acc = new StatisticsAccumulator(query);
  for (const e of entries) acc.add(e);
  return acc.rows();
}

/** The same over an async source, e.g. `AuditLog.entries()`. */
export async function computeStatisticsFrom(entries: AsyncIterable<LogEntry>, query: StatisticsQuery = {}): Promise<StatisticsRow[]> {
  const acc = new StatisticsAccumulator(query);
  for await (const e of entries) acc.add(e);
  return acc.rows();
}

/** Refused and failed actions by agency × gallery × action × outcome × reason × period, in the query's scope. */
export async function computeRefusalsFrom(entries: AsyncIterable<LogEntry> | Iterable<LogEntry>, query: StatisticsQuery = {}): Promise<RefusalRow[]> {
  const scope = new Scope(query);
  const table = new Map<string, RefusalRow>();
  for await (const e of entries) {
    if (e.outcome === 'ok') continue;
    for (const gallery of scope.galleriesOf(e) ?? []) {
      const row = { agency: e.actor.agency, gallery, action: e.action, outcome: e.outcome, reason: e.reason ?? NONE, period: scope.period(e) };
      const key = JSON.stringify(Object.values(row));
      const held = table.get(key);
      if (held) held.count += 1;
      else table.set(key, { ...row, count: 1 });
    }
  }
  const order = (r: RefusalRow) => [r.agency, r.gallery, r.action, r.outcome, r.reason, r.period];
  return [...table.values()].sort((a, b) => compareLists(order(a), order(b)));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareLists = (a: string[], b: string[]) => a.reduce((d, x, i) => d || cmp(x, b[i]!), 0);

/** Which entries a query counts, and for which galleries: the agencies' own, and others' about the owner's galleries. */
class Scope {
  private readonly agencies: Set<string> | null;
  private readonly owned: Set<string>;

  constructor(private readonly query: StatisticsQuery) {
    this.agencies = query.agencies ? new Set(query.agencies) : null;
    this.owned = new Set(query.galleries ?? []);
  }

  /** The galleries the entry counts for, or null when it lies outside the query. */
  galleriesOf(e: LogEntry): readonly string[] | null {
    const q = this.query;
    if ((q.from && e.time < q.from) || (q.to && e.time >= q.to)) return null;
    const galleries = e.galleries?.length ? e.galleries : [NONE];
    if (!this.agencies || this.agencies.has(e.actor.agency)) return galleries;
    const owned = galleries.filter((g) => this.owned.has(g));
    return owned.length > 0 ? owned : null;
  }

  period(e: LogEntry): string {
    return e.time.slice(0, this.query.by === 'month' ? 7 : 4);
  }
}

class StatisticsAccumulator {
  private readonly table = new Map<string, StatisticsRow>();
  private readonly scope: Scope;

  constructor(query: StatisticsQuery) {
    this.scope = new Scope(query);
  }

  add(e: LogEntry): void {
    const galleries = this.scope.galleriesOf(e);
    if (!galleries) return;
    const period = this.scope.period(e);
    const purpose = e.purpose ?? NONE;
    for (const [gallery, column, amount] of contributions(e, galleries)) {
      if (amount === 0) continue;
      const key = JSON.stringify([e.actor.agency, gallery, purpose, period]);
      let row = this.table.get(key);
      if (!row) this.table.set(key, (row = emptyRow(e.actor.agency, gallery, purpose, period)));
      row[column] += amount;
    }
  }

  rows(): StatisticsRow[] {
    return [...this.table.values()]
      .filter((r) => statisticColumns.some((c) => r[c] !== 0))
      .sort((a, b) => cmp(a.agency, b.agency) || cmp(a.gallery, b.gallery) || cmp(a.purpose, b.purpose) || cmp(a.period, b.period));
  }
}

/** Column sums over rows. */
export function totals(rows: readonly StatisticsRow[]): Record<StatisticColumn, number> {
  const t = {} as Record<StatisticColumn, number>;
  for (const c of statisticColumns) t[c] = rows.reduce((s, r) => s + r[c], 0);
  return t;
}

const header = ['agency', 'gallery', 'purpose', 'period', ...statisticColumns] as const;
const refusalHeader = ['agency', 'gallery', 'action', 'outcome', 'reason', 'period', 'count'] as const;

function toCsv<H extends string>(head: readonly H[], rows: readonly Record<H, string | number>[]): string {
  return [head.join(','), ...rows.map((r) => head.map((h) => csvCell(r[h])).join(','))].join('\r\n') + '\r\n';
}

/** CSV with a header line, CRLF line ends (RFC 4180); formula cells neutralised (csv-cell.ts). */
export function statisticsToCsv(rows: readonly StatisticsRow[]): string {
  return toCsv(header, rows);
}

/** The refusal breakdown as CSV, the same way. */
export function refusalsToCsv(rows: readonly RefusalRow[]): string {
  return toCsv(refusalHeader, rows);
}

/** A plain-text table: text columns left, numbers (from column `firstNumeric`) right, a totals line. */
export function renderTable(head: readonly string[], body: string[][], firstNumeric: number, total: string[]): string {
  const all = [[...head], ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((line) => line[i]!.length)));
  const fmt = (line: string[]) => line.map((cell, i) => (i >= firstNumeric ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = body.length ? body.map(fmt) : ['(no counted entries in this scope and period)'];
  return [fmt(all[0]!), rule, ...lines, rule, fmt(total)].join('\n') + '\n';
}

/** A plain-text table with a totals line, for `abgleich stats`. */
export function renderStatisticsTable(rows: readonly StatisticsRow[]): string {
  const t = totals(rows);
  return renderTable(header, rows.map((r) => header.map((h) => String(r[h]))), 4, ['total', '', '', '', ...statisticColumns.map((c) => String(t[c]))]);
}

/** The refusal breakdown as a plain-text table, for `abgleich stats --refusals`. */
export function renderRefusalsTable(rows: readonly RefusalRow[]): string {
  const count = rows.reduce((sum, r) => sum + r.count, 0);
  return renderTable(refusalHeader, rows.map((r) => refusalHeader.map((h) => String(r[h]))), 6, ['total', '', '', '', '', '', String(count)]);
}
