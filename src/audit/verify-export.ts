// Standalone verification of a log export: needs nothing but the file (and, to mean anything,
// the log's public key obtained independently). Rebuilds the tree from the entries, checks each
// entry against its leaf hash and the receipt signed for its tree size, every checkpoint's
// signature and root, and consistency between successive checkpoints. A removed payload must be
// covered by a signed retention statement in the log; with witness keys, the newest checkpoint
// is the trust anchor and must carry a cosignature of every named witness.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { canonicalJson } from './canonical-json.ts';
import { checkpointBody, openCheckpoint, type Checkpoint } from './checkpoint.ts';
import { parseCosignerVerifier, verifyCosignature } from './cosignature.ts';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-format.ts';
import { logEntrySchema } from './entry.ts';
import { compareCounters, counterIncrements, ENTRY, isColumnCounter, RECIPIENT, sumCounters, type CounterRow } from './statistics-counters.ts';
import type { StatisticsCheck } from '../services/ports/audit-ledger.ts';
import { consistencyProof, leafHash, MemoryTree } from './merkle-tree.ts';
import { verifyConsistency } from './proof-verify.ts';
import { parseVerifierKey, verifySignatureBlob, type NoteVerifier } from './signed-note.ts';

export type ProblemKind =
  | 'header' | 'parse' | 'sequence' | 'entry-hash' | 'receipt' | 'missing-entries' | 'public-key'
  | 'checkpoint-signature' | 'checkpoint-root' | 'consistency' | 'trusted-checkpoint' | 'redaction' | 'witness' | 'counters';

export interface VerifyProblem {
  /** The first entry index the problem concerns; null when it concerns no single entry. */
  index: number | null;
  kind: ProblemKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  origin: string | null;
  /** The verifier key used: the pinned one when given, else the export's own. */
  publicKey: string | null;
  /** False when no key was pinned: then the export was only checked against itself. */
  keyPinned: boolean;
  entries: number;
  redacted: number;
  rootHash: string | null;
  checkpoints: { total: number; verified: number };
  /** With witness keys: the size of the newest checkpoint when every named witness cosigned it (else null), and their names. */
  witnessed: { size: number | null; witnesses: string[] } | null;
  /** The statistics counters the export carries, recounted from its entries; null when it carries none (older exports). */
  statistics: StatisticsCheck | null;
  /** Kinds of counters (`year`, `column`, `entry`: entry and recipient counters, `hour`) the export does not carry (written before them), so not recounted. */
  countersNotCarried: string[];
  /** The lowest index at which the export differs from the log that signed it; null when none does. */
  firstBadIndex: number | null;
  problems: VerifyProblem[];
  /** Problems beyond the first `maxProblems` are counted here, not listed. */
  moreProblems: number;
}

export interface VerifyOptions {
  /** The log's verifier key (`<name>+<id>+<key>`), obtained independently of the export. */
  publicKey?: string;
  /** Signed checkpoints the auditor kept earlier; the export must extend each of them. */
  trustedCheckpoints?: string[];
  /** Witness cosigner keys (`<name>+<id>+<base64(0x04 || key)>`): the export's newest checkpoint must carry a valid cosignature of each. */
  witnesses?: string[];
  maxProblems?: number;
}

const DAY_MS = 86_400_000;

/** A signed retention statement: payloads below `bound` whose time is before `limit` (ms) may be gone. */
interface RetentionStatement {
  index: number;
  bound: number;
  limit: number;
}

/** Whether a held entry is a retention statement; returns what it allows. */
function retentionStatement(entry: Record<string, unknown>, index: number): RetentionStatement | null {
  if (entry.action !== 'log.retention' || entry.outcome !== 'ok' || typeof entry.time !== 'string' || !isObject(entry.result)) return null;
  const counts = entry.result.counts;
  if (!isObject(counts) || typeof counts.retentionDays !== 'number' || !(counts.retentionDays > 0)) return null;
  // Statements from before `before` was recorded cover every entry ahead of them.
  const bound = typeof counts.before === 'number' ? Math.min(counts.before, index) : index;
  return { index, bound, limit: Date.parse(entry.time) - counts.retentionDays * DAY_MS };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const counterText = ['period', 'agency', 'gallery', 'purpose', 'action', 'outcome', 'decision', 'reason', 'metric'] as const;
const isCounter = (v: Record<string, unknown>): v is CounterRow & Record<string, unknown> =>
  (v.grain === 'year' || v.grain === 'month' || v.grain === 'day' || v.grain === 'hour') && counterText.every((k) => typeof v[k] === 'string') && Number.isSafeInteger(v.amount);

/** Verifies an export given as lines. */
export async function verifyExportLines(lines: AsyncIterable<string> | Iterable<string>, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const max = opts.maxProblems ?? 100;
  const report: VerifyReport = {
    ok: false, origin: null, publicKey: null, keyPinned: Boolean(opts.publicKey), entries: 0, redacted: 0, rootHash: null,
    checkpoints: { total: 0, verified: 0 }, witnessed: null, statistics: null, countersNotCarried: [], firstBadIndex: null, problems: [], moreProblems: 0,
  };
  const problem = (index: number | null, kind: ProblemKind, message: string) => {
    if (index !== null && (report.firstBadIndex === null || index < report.firstBadIndex)) report.firstBadIndex = index;
    if (report.problems.length < max) report.problems.push({ index, kind, message });
    else report.moreProblems += 1;
  };

  const tree = new MemoryTree();
  const checkpointNotes: string[] = [];
  let verifier: NoteVerifier | null = opts.publicKey ? parseVerifierKey(opts.publicKey) : null;
  const witnesses = (opts.witnesses ?? []).map((k) => parseCosignerVerifier(k));
  const removed: { index: number; time: number }[] = [];
  const statements: RetentionStatement[] = [];
  let headerSize: number | null = null;
  const carried: CounterRow[] = [];
  const recount = new Map<string, CounterRow>();
  const removedTimes: string[] = [];
  let lineNo = 0;
  let sawHeader = false;

  for await (const raw of lines) {
    lineNo += 1;
    if (raw.trim() === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      line = undefined;
    }
    if (!sawHeader) {
      sawHeader = true;
      if (!isObject(line) || line.type !== 'header' || line.format !== EXPORT_FORMAT || line.version !== EXPORT_VERSION || typeof line.origin !== 'string' || typeof line.publicKey !== 'string') {
        problem(null, 'header', `Line 1 is not an ${EXPORT_FORMAT} version ${EXPORT_VERSION} header.`);
        return finish();
      }
      report.origin = line.origin;
      headerSize = typeof line.size === 'number' ? line.size : null;
      if (verifier) {
        if (line.publicKey !== verifier.verifierKey) problem(null, 'public-key', 'The export names a different public key than the pinned one; checking against the pinned key.');
      } else {
        try {
          verifier = parseVerifierKey(line.publicKey);
        } catch {
          problem(null, 'header', 'The public key in the header is malformed.');
          return finish();
        }
      }
      report.publicKey = verifier.verifierKey;
      continue;
    }
    if (isObject(line) && line.type === 'counter') {
      const { type: _, ...counter } = line;
      if (isCounter(counter)) carried.push(counter);
      else problem(null, 'counters', `Line ${lineNo}: a malformed counter line.`);
      continue;
    }
    if (isObject(line) && line.type === 'checkpoint') {
      if (typeof line.note === 'string') checkpointNotes.push(line.note);
      else problem(null, 'parse', `Line ${lineNo}: a checkpoint line without a note.`);
      continue;
    }
    // Every other line is the entry at the next position of the tree.
    const position = tree.size;
    if (!isObject(line) || line.type !== 'entry') {
      problem(position, 'parse', `Line ${lineNo}: not an entry line.`);
      tree.append(Buffer.alloc(32));
      continue;
    }
    if (line.index !== position) problem(position, 'sequence', `Line ${lineNo}: entry index ${String(line.index)} found where index ${position} belongs.`);
    const kept: Buffer = typeof line.leafHash === 'string' ? Buffer.from(line.leafHash, 'base64') : Buffer.alloc(0);
    let hash: Buffer = kept;
    if (kept.length !== 32 || kept.toString('base64') !== line.leafHash) problem(position, 'entry-hash', `Entry ${position}: the leaf hash is not canonical base64 of 32 bytes.`);
    if (line.entry === null) {
      report.redacted += 1;
      removedTimes.push(String(line.time));
      removed.push({ index: position, time: typeof line.time === 'string' ? Date.parse(line.time) : NaN });
    } else {
      try {
        hash = leafHash(Buffer.from(canonicalJson(line.entry), 'utf8'));
      } catch {
        hash = Buffer.alloc(32);
      }
      if (!hash.equals(kept)) problem(position, 'entry-hash', `Entry ${position}: its content does not match its leaf hash.`);
      else if (isObject(line.entry)) {
        const statement = retentionStatement(line.entry, position);
        if (statement) statements.push(statement);
        const parsed = logEntrySchema.safeParse(line.entry);
        if (parsed.success) sumCounters(counterIncrements(parsed.data), recount);
      }
      if (isObject(line.entry) && line.entry.time !== line.time) problem(position, 'entry-hash', `Entry ${position}: the line's time differs from the entry's.`);
    }
    tree.append(hash);
    const body = checkpointBody({ origin: report.origin!, size: position + 1, rootHash: tree.root() });
    if (typeof line.receipt !== 'string' || !verifySignatureBlob(body, line.receipt, verifier!)) {
      problem(position, 'receipt', `Entry ${position}: the signed receipt does not match the tree rebuilt up to it.`);
    }
  }
  if (!sawHeader) {
    problem(null, 'header', 'The export is empty.');
    return finish();
  }
  report.entries = tree.size;
  report.rootHash = tree.root().toString('base64');
  if (headerSize !== null && headerSize > tree.size) problem(tree.size, 'missing-entries', `The header announces ${headerSize} entries; the export holds ${tree.size}.`);

  const checkRoot = (cp: Checkpoint, kind: ProblemKind, what: string): boolean => {
    if (cp.origin !== report.origin) {
      problem(null, kind, `${what} of size ${cp.size} is for another log (${cp.origin}).`);
      return false;
    }
    if (cp.size > tree.size) {
      problem(tree.size, 'missing-entries', `${what} covers ${cp.size} entries; the export holds ${tree.size}.`);
      return false;
    }
    if (cp.size > 0 && !tree.root(cp.size).equals(cp.rootHash)) {
      problem(null, kind, `${what} of size ${cp.size}: its root differs from the rebuilt tree.`);
      return false;
    }
    return true;
  };

  checkRemovals(removed, statements, problem);

  const good: Checkpoint[] = [];
  const goodNotes: { cp: Checkpoint; note: string }[] = [];
  report.checkpoints.total = checkpointNotes.length;
  for (const note of checkpointNotes) {
    const cp = openCheckpoint(note, verifier!);
    if (!cp) {
      problem(null, 'checkpoint-signature', 'A checkpoint does not carry a valid signature of the log key.');
      continue;
    }
    if (checkRoot(cp, 'checkpoint-root', 'Checkpoint')) {
      report.checkpoints.verified += 1;
      good.push(cp);
      goodNotes.push({ cp, note });
    }
  }
  // Successive checkpoints must prove the later tree extends the earlier one (RFC 9162 §2.1.4).
  good.sort((a, b) => a.size - b.size);
  for (let i = 1; i < good.length; i++) {
    const a = good[i - 1]!;
    const b = good[i]!;
    if (a.size === 0) continue;
    if (!verifyConsistency(a.size, b.size, a.rootHash, b.rootHash, consistencyProof(a.size, b.size, tree.get))) {
      problem(null, 'consistency', `Checkpoints ${a.size} and ${b.size} are not consistent.`);
    }
  }
  for (const note of opts.trustedCheckpoints ?? []) {
    const cp = openCheckpoint(note, verifier!);
    if (!cp) problem(null, 'trusted-checkpoint', 'A kept checkpoint is not signed by the log key.');
    else if (checkRoot(cp, 'trusted-checkpoint', 'The kept checkpoint') && cp.size > 0 && tree.size > cp.size) {
      const ok = verifyConsistency(cp.size, tree.size, cp.rootHash, tree.root(), consistencyProof(cp.size, tree.size, tree.get));
      if (!ok) problem(null, 'trusted-checkpoint', `The export does not extend the kept checkpoint of size ${cp.size}.`);
    }
    if (cp) goodNotes.push({ cp, note });
  }
  if (witnesses.length > 0) {
    // The trust anchor is the newest checkpoint the export carries: every named witness must have cosigned it.
    const names = witnesses.map((w) => w.name);
    const own = goodNotes.slice(0, report.checkpoints.verified);
    const newest = own.length ? Math.max(...own.map(({ cp }) => cp.size)) : null;
    const cosignedBy = (w: NoteVerifier) => own.filter(({ cp, note }) => cp.size === newest && verifyCosignature(note, w) !== null).length > 0;
    const missing = witnesses.filter((w) => !cosignedBy(w)).map((w) => w.name);
    report.witnessed = { size: newest !== null && missing.length === 0 ? newest : null, witnesses: names };
    if (newest === null) problem(null, 'witness', 'The export carries no verified checkpoint for the witnesses to have cosigned.');
    else if (missing.length) {
      const older = own.filter(({ note }) => witnesses.every((w) => verifyCosignature(note, w) !== null)).map(({ cp }) => cp.size);
      problem(null, 'witness', `The newest checkpoint (size ${newest}) carries no valid cosignature of ${missing.join(', ')}${older.length ? `; the newest one cosigned by every named witness has size ${Math.max(...older)}` : ''}. Run the witnesses before exporting, or ask them why they refused.`);
    }
  }
  // The counters are recounted once every entry verified: a bad entry fails the export already,
  // and what it would have counted (its period, once its time was changed) is unknown.
  if (carried.length > 0 && report.firstBadIndex === null) {
    // An export written before the year grain, the column counters, the entry and recipient counters or the hour grain carries none of them; those are not recounted.
    const kinds = { year: (r: CounterRow) => r.grain === 'year', column: isColumnCounter, entry: (r: CounterRow) => r.metric === ENTRY || r.metric === RECIPIENT, hour: (r: CounterRow) => r.grain === 'hour' };
    for (const [kind, is] of Object.entries(kinds)) {
      if (carried.some(is)) continue;
      report.countersNotCarried.push(kind);
      for (const [k, r] of recount) if (is(r)) recount.delete(k);
    }
    const check = compareCounters(carried, recount, removedTimes, tree.size - report.redacted);
    report.statistics = check;
    for (const d of check.differences) problem(null, 'counters', `Counter ${d.counter.grain} ${d.counter.period} ${d.counter.agency}/${d.counter.gallery}/${d.counter.action}/${d.counter.outcome} ${d.counter.metric}: the export carries ${d.stored}, its entries count ${d.recounted}.`);
    if (check.moreDifferences) problem(null, 'counters', `${check.moreDifferences} more counters differ from the entries.`);
  }
  return finish();

  function finish(): VerifyReport {
    report.ok = report.problems.length === 0 && report.moreProblems === 0;
    return report;
  }
}

/**
 * Every removed payload needs a signed retention statement (a held `log.retention` entry) after
 * it whose `before` covers its index and whose time, less the retention period, is later than
 * the entry's time. A payload removed any other way is named.
 */
function checkRemovals(removed: readonly { index: number; time: number }[], statements: RetentionStatement[], problem: (index: number, kind: ProblemKind, message: string) => void): void {
  const byBound = [...statements].sort((a, b) => b.bound - a.bound);
  let next = 0;
  let limit = -Infinity;
  for (let k = removed.length - 1; k >= 0; k--) {
    const r = removed[k]!;
    while (next < byBound.length && byBound[next]!.bound > r.index) limit = Math.max(limit, byBound[next++]!.limit);
    if (limit === -Infinity) problem(r.index, 'redaction', `Entry ${r.index}: its payload was removed, but no signed retention statement (log.retention entry) after it covers it.`);
    else if (!(r.time < limit)) problem(r.index, 'redaction', `Entry ${r.index}: its payload was removed, but its time is within the retention period of every statement covering it.`);
  }
}

/** Verifies an export file, streaming it line by line. */
export async function verifyExportFile(file: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  return verifyExportLines(rl, opts);
}
