// Statistics derived from log entries only: what a parliament or a supervisory authority asks
// for, by agency × gallery × purpose × year (or month). The counting rules are in docs/audit.md.
import { statisticColumns, type StatisticColumn } from '../domain/log-entry.ts';
import type { StatisticsQuery, StatisticsRow } from '../services/ports/audit-ledger.ts';
import { csvCell } from '../interop/csv-cell.ts';
import { auditActions as A, type LogEntry } from './entry.ts';

export { statisticColumns, type StatisticColumn, type StatisticsQuery, type StatisticsRow };




/** The dimension value used when an entry names no gallery or no purpose. */
export const NONE = '(none)';

function emptyRow(agency: string, gallery: string, purpose: string, period: string): StatisticsRow {
  const row = { agency, gallery, purpose, period } as StatisticsRow;
  for (const c of statisticColumns) row[c] = 0;
  return row;
}

/** What one entry adds, per gallery it names. */
function contributions(e: LogEntry): Array<[gallery: string, column: StatisticColumn, amount: number]> {
  const galleries = e.galleries?.length ? e.galleries : [NONE];
  const each = (column: StatisticColumn) => galleries.map((g) => [g, column, 1] as [string, StatisticColumn, number]);
  switch (e.action) {
    case A.searchStart:
      return each('searches');
    case A.searchEnd:
      return Object.entries(e.result?.byGallery ?? {}).flatMap(([g, counts]) => [
        [g, 'candidates', counts.candidates ?? 0] as [string, StatisticColumn, number],
        [g, 'potentialHits', counts.potentialHits ?? 0] as [string, StatisticColumn, number],
      ]);
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

class StatisticsAccumulator {
  private readonly table = new Map<string, StatisticsRow>();
  private readonly scope: Set<string> | null;

  constructor(private readonly query: StatisticsQuery) {
    this.scope = query.agencies ? new Set(query.agencies) : null;
  }

  add(e: LogEntry): void {
    const q = this.query;
    if (this.scope && !this.scope.has(e.actor.agency)) return;
    if ((q.from && e.time < q.from) || (q.to && e.time >= q.to)) return;
    const period = e.time.slice(0, q.by === 'month' ? 7 : 4);
    const purpose = e.purpose ?? NONE;
    for (const [gallery, column, amount] of contributions(e)) {
      if (amount === 0) continue;
      const key = JSON.stringify([e.actor.agency, gallery, purpose, period]);
      let row = this.table.get(key);
      if (!row) this.table.set(key, (row = emptyRow(e.actor.agency, gallery, purpose, period)));
      row[column] += amount;
    }
  }

  rows(): StatisticsRow[] {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
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

/** CSV with a header line, CRLF line ends (RFC 4180); formula cells neutralised (csv-cell.ts). */
export function statisticsToCsv(rows: readonly StatisticsRow[]): string {
  return [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\r\n') + '\r\n';
}

/** A plain-text table with a totals line, for `abgleich stats`. */
export function renderStatisticsTable(rows: readonly StatisticsRow[]): string {
  const t = totals(rows);
  const body = rows.map((r) => header.map((h) => String(r[h])));
  const all = [[...header], ...body, ['total', '', '', '', ...statisticColumns.map((c) => String(t[c]))]];
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i]!.length)));
  const numeric = (i: number) => i >= 4;
  const fmt = (line: string[]) => line.map((cell, i) => (numeric(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const lines = rows.length ? all.slice(1, -1).map(fmt) : ['(no counted entries in this scope and period)'];
  return [fmt(all[0]!), rule, ...lines, rule, fmt(all.at(-1)!)].join('\n') + '\n';
}
