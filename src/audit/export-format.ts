// The log export: JSON lines, each line one canonical JSON object (RFC 8785).
//   line 1       {"type":"header","format":"abgleich-audit-log","version":1,"origin":…,"publicKey":…,"size":n,"exportedAt":…}
//   lines 2…n+1  {"type":"entry","index":i,"time":…,"leafHash":…,"receipt":…,"entry":{…} | null}
//   then         {"type":"checkpoint","size":…,"time":…,"note":…}   every stored checkpoint, cosigned ones included
//   then         {"type":"counter","grain":…,"period":…,"agency":…,…,"metric":…,"amount":n}   the statistics
//                counters as of the header's size, which a verifier recounts from the entries
// `entry` is null when retention removed the payload; its leaf hash and receipt remain.
// Every checkpoint the log holds is exported, also one larger than the entries: a log whose
// tail was cut then fails verification against its own signed checkpoints.
import type { AuditLog } from './audit-log.ts';
import { canonicalJson } from './canonical-json.ts';
import type { LogEntry } from './entry.ts';
import type { CounterRow } from './statistics-counters.ts';

export const EXPORT_FORMAT = 'abgleich-audit-log';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  origin: string;
  publicKey: string;
  size: number;
  exportedAt: string;
}

export interface ExportEntry {
  type: 'entry';
  index: number;
  time: string;
  leafHash: string;
  receipt: string;
  entry: LogEntry | null;
}

export interface ExportCheckpoint {
  type: 'checkpoint';
  size: number;
  time: string;
  note: string;
}

/** One statistics counter (statistics-counters.ts) as the log held it at the export's size. */
export type ExportCounter = { type: 'counter' } & CounterRow;

export type ExportLine = ExportHeader | ExportEntry | ExportCheckpoint | ExportCounter;

/** The export of a log as lines (without newlines), streamed page by page. */
export async function* exportLog(log: AuditLog, now: Date = new Date()): AsyncGenerator<string> {
  // Checkpoints first, then the size: every checkpoint read was signed over at most that many entries.
  const checkpoints = await log.store.listCheckpoints();
  const { size, counters } = await log.counterSnapshot();
  const header: ExportHeader = {
    type: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, origin: log.origin, publicKey: log.publicKey, size, exportedAt: now.toISOString(),
  };
  yield canonicalJson(header);
  for await (const leaf of log.leaves()) {
    if (leaf.index >= size) break;
    const line: ExportEntry = {
      type: 'entry', index: leaf.index, time: leaf.time, leafHash: leaf.leafHash.toString('base64'), receipt: leaf.receipt,
      entry: leaf.payload === null ? null : (JSON.parse(leaf.payload) as LogEntry),
    };
    yield canonicalJson(line);
  }
  for (const cp of checkpoints) yield canonicalJson({ type: 'checkpoint', size: cp.size, time: cp.time, note: cp.note } satisfies ExportCheckpoint);
  for (const c of counters) yield canonicalJson({ type: 'counter', ...c } satisfies ExportCounter);
}
