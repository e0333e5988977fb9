// Statistics derived from log entries only: what a parliament or a supervisory authority asks
// for, by agency × gallery × purpose × year (or month). The counting rules are in docs/audit.md.
import { statisticColumns, type StatisticColumn } from '../domain/log-entry.ts';
import type { RefusalRow, StatisticsQuery, StatisticsRow } from '../services/ports/audit-ledger.ts';
import { csvCell } from '../interop/csv-cell.ts';
import type { LogEntry } from './entry.ts';
import { counterIncrements, NONE, refusalsFromCounters, statisticsFromCounters, sumCounters, type CounterRow } from './statistics-counters.ts';

export { NONE, statisticColumns, type RefusalRow, type StatisticColumn, type StatisticsQuery, type StatisticsRow };

/** Whether an entry lies in the query's time range (times compare as text). */
const inTime = (query: StatisticsQuery) => (e: LogEntry) => !((query.from && e.time < query.from) || (query.to && e.time >= query.to));

/** The month counters of the entries in the query's time range. */
async function countersOf(entries: AsyncIterable<LogEntry> | Iterable<LogEntry>, query: StatisticsQuery): Promise<CounterRow[]> {
  const within = inTime(query);
  const sums = new Map<string, CounterRow>();
  for await (const e of entries) if (within(e)) sumCounters(counterIncrements(e, ['month']), sums);
  return [...sums.values()];
}

/** Aggregates entries into rows sorted by agency, gallery, purpose and period; rows with only zeros are left out. */
export function computeStatistics(entries: Iterable<LogEntry>, query: StatisticsQuery = {}): StatisticsRow[] {
  const within = inTime(query);
  const sums = new Map<string, CounterRow>();
  for (const e of entries) if (within(e)) sumCounters(counterIncrements(e, ['month']), sums);
  return statisticsFromCounters(sums.values(), query);
}

/** The same over an async source, e.g. `AuditLog.entries()`. */
export async function computeStatisticsFrom(entries: AsyncIterable<LogEntry>, query: StatisticsQuery = {}): Promise<StatisticsRow[]> {
  return statisticsFromCounters(await countersOf(entries, query), query);
}

/** Refused and failed actions by agency × gallery × action × outcome × reason × period, in the query's scope. */
export async function computeRefusalsFrom(entries: AsyncIterable<LogEntry> | Iterable<LogEntry>, query: StatisticsQuery = {}): Promise<RefusalRow[]> {
  return refusalsFromCounters(await countersOf(entries, query), query);
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
