// Reading the log for auditors: filters (action, actor, agency, time range) and pages, newest
// first. A linear scan over the stored leaves that keeps only the newest matches a page needs.
import type { StoredLeaf } from './audit-store.ts';
import type { LogFilter, LogPage } from '../services/ports/audit-ledger.ts';
import type { LogEntry } from './entry.ts';

export type { LogFilter, LogPage };



/** Whether an entry passes the filter. */
export function matchesFilter(e: LogEntry, f: LogFilter): boolean {
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
    newest.push({ index: leaf.index, time: leaf.time, payload: leaf.payload, entry });
    if (newest.length > 2 * keep) newest.splice(0, newest.length - keep);
  }
  return { size, total, entries: newest.slice(-keep || newest.length).reverse().slice(page.offset, keep) };
}
