// Reading the log for auditors: filters (action, actor, agency, time range) and pages, newest
// first. A linear scan over the stored leaves that keeps only the newest matches a page needs.
import type { StoredLeaf } from './audit-store.ts';
import type { LogEntry } from './entry.ts';

export interface LogFilter {
  /** An action name, or a prefix ending in "." (e.g. "search."). */
  action?: string;
  /** The acting user's id. */
  actor?: string;
  /** The acting user's agency id. */
  agency?: string;
  /** ISO date or time; entries at or after it. */
  from?: string;
  /** ISO date or time; entries before it. */
  to?: string;
}

export interface LogPage {
  /** The log's size when it was read: proofs against a checkpoint of at least this size cover every entry listed. */
  size: number;
  /** How many entries match the filter. */
  total: number;
  entries: { index: number; time: string; payload: string; entry: LogEntry }[];
}

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
