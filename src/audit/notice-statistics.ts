// Counts of circulated notices per agency and year, from log entries only: issued and received
// (notice.circulate), accepted, declined, answered and hit (notice.answer), disclosed (notice.disclosed).
import type { LogEntry } from './entry.ts';
import type { NoticeCountRow, NoticeCountsQuery } from '../services/ports/audit-ledger.ts';
import type { TallyRow } from './statistics-counters.ts';

export type { NoticeCountRow, NoticeCountsQuery };

const columns = ['issued', 'received', 'accepted', 'declined', 'answered', 'hit', 'disclosed'] as const;

/** What one entry adds: [agency, column] pairs. Refused and failed actions count nothing here. */
function contributions(e: LogEntry): [string, (typeof columns)[number]][] {
  if (e.outcome !== 'ok') return [];
  const actor = e.actor.agency;
  switch (e.action) {
    case 'notice.circulate':
      return [[actor, 'issued'], ...(e.recipients ?? []).map((r) => [r, 'received'] as [string, 'received'])];
    case 'notice.accept':
      return [[actor, 'accepted']];
    case 'notice.decline':
      return [[actor, 'declined']];
    case 'notice.answer':
      return e.decision === 'hit' ? [[actor, 'answered'], [actor, 'hit']] : [[actor, 'answered']];
    case 'notice.disclosed':
      return [[actor, 'disclosed']];
    default:
      return [];
  }
}

/** Notice counts from a tally of the notice counters by agency and year (noticesTally), in the order computeNoticeCountsFrom gives. */
export function noticeCountsFromTally(rows: Iterable<TallyRow>): NoticeCountRow[] {
  const out: NoticeCountRow[] = [];
  for (const r of rows) {
    const row = { agency: String(r.agency), year: String(r.period) } as NoticeCountRow;
    let any = false;
    for (const c of columns) any = (row[c] = Number(r[c] ?? 0)) !== 0 || any;
    if (any) out.push(row);
  }
  return out.sort((a, b) => a.agency.localeCompare(b.agency) || a.year.localeCompare(b.year));
}

/** Notice counts per agency and year, sorted by agency and year; `agencies` limits the rows to those agencies. The recount the counters are checked against. */
export async function computeNoticeCountsFrom(entries: AsyncIterable<LogEntry> | Iterable<LogEntry>, query: NoticeCountsQuery = {}): Promise<NoticeCountRow[]> {
  const table = new Map<string, NoticeCountRow>();
  for await (const e of entries) {
    if ((query.from && e.time < query.from) || (query.to && e.time >= query.to)) continue;
    for (const [agency, column] of contributions(e)) {
      if (query.agencies && !query.agencies.includes(agency)) continue;
      const year = e.time.slice(0, 4);
      const key = `${agency}\u0000${year}`;
      let row = table.get(key);
      if (!row) table.set(key, (row = { agency, year, issued: 0, received: 0, accepted: 0, declined: 0, answered: 0, hit: 0, disclosed: 0 }));
      row[column] += 1;
    }
  }
  return [...table.values()].sort((a, b) => a.agency.localeCompare(b.agency) || a.year.localeCompare(b.year));
}
