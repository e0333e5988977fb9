// Reading the log for auditors: filters (action, actor, agency, time range) and pages, newest
// first. A linear scan over the stored leaves that keeps only the newest matches a page needs.
import type { StoredLeaf } from './audit-store.ts';
import type { LogFilter, LogPage } from '../services/ports/audit-ledger.ts';
import { canonicalJson } from './canonical-json.ts';
import type { LogEntry } from './entry.ts';
import { renderTable } from './statistics.ts';

export type { LogFilter, LogPage };

/** Whether the entry lies in an owner's scope: the owner's own, or another agency's about one of its galleries. */
function inScope(e: LogEntry, f: LogFilter): boolean {
  if (!f.scope || e.actor.agency === f.scope.agency) return true;
  return (e.galleries ?? []).some((g) => f.scope!.galleries.includes(g));
}

/** Whether an entry passes the filter. */
export function matchesFilter(e: LogEntry, f: LogFilter): boolean {
  if (!inScope(e, f)) return false;
  if (f.action && (f.action.endsWith('.') ? !e.action.startsWith(f.action) : e.action !== f.action)) return false;
  if (f.actor && e.actor.user !== f.actor) return false;
  if (f.agency && e.actor.agency !== f.agency) return false;
  if (f.from && e.time < f.from) return false;
  if (f.to && e.time >= f.to) return false;
  return true;
}

/** The page `offset`…`offset + limit` of the matching entries, newest first. Entries without payload (retention) never match. */
export async function queryLog(leaves: AsyncIterable<StoredLeaf>, size: number, f: LogFilter, page: { limit: number; offset: number }): Promise<LogPage> {
  // Leaves come oldest first: keep only the newest offset + limit matches, count the rest.
  const keep = page.offset + page.limit;
  const newest: LogPage['entries'] = [];
  let total = 0;
  for await (const leaf of leaves) {
    if (leaf.payload === null) continue;
    const entry = JSON.parse(leaf.payload) as LogEntry;
    if (!matchesFilter(entry, f)) continue;
    total++;
    newest.push(shown(leaf.index, leaf.time, leaf.payload, entry, f));
    if (newest.length > 2 * keep) newest.splice(0, newest.length - keep);
  }
  return { size, total, entries: newest.slice(-keep || newest.length).reverse().slice(page.offset, keep) };
}

/** An entry as the filter's reader sees it: another agency's without its probe commitments (the payload then is no longer the leaf). */
function shown(index: number, time: string, payload: string, entry: LogEntry, f: LogFilter): LogPage['entries'][number] {
  if (!f.scope || entry.actor.agency === f.scope.agency || !entry.probes) return { index, time, payload, entry };
  const { probes: _, ...rest } = entry;
  return { index, time, payload: canonicalJson(rest), entry: rest, redacted: ['probes'] };
}

const entryColumns = ['index', 'time', 'agency', 'user', 'action', 'outcome', 'reason', 'galleries', 'purpose', 'case'] as const;

/** A page of entries as a plain-text table, for `abgleich log entries`; the last line counts what matched. */
export function renderEntriesTable(page: LogPage): string {
  const body = page.entries.map(({ index, entry: e }) => [
    String(index), e.time, e.actor.agency, e.actor.user, e.action, e.outcome, e.reason ?? '', (e.galleries ?? []).join(' '), e.purpose ?? '', e.caseRef ?? '',
  ]);
  return renderTable(entryColumns, body, entryColumns.length, [`${page.entries.length} of ${page.total}`, ...entryColumns.slice(1).map(() => '')]);
}
