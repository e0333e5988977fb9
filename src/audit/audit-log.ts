// The audit log service: appends entries to the RFC 9162 tree, signs a receipt for every new
// tree size and checkpoints on demand, answers inclusion and consistency proofs from stored
// subtree hashes, and applies retention without breaking verification.
import { AbgError, fail, isAbgError } from '../domain/errors.ts';
import type { AuditLedger, ConsistencyAnswer, InclusionAnswer, LogFilter, LogPage, NoticeCountRow, NoticeCountsQuery, RefusalRow, StatisticsCheck, StatisticsQuery, StatisticsRow } from '../services/ports/audit-ledger.ts';
import { exportLog } from './export-format.ts';
import { queryLog } from './log-query.ts';
import {
  compareCounters, counterGrains, counterIncrements, inScope, noticesTally, refusalsFromTally, refusalsTally, statisticsFromTally, statisticsTally, sumCounters, tallyEntry, tallyKey, PERIOD_LENGTH_MAX,
  type CounterRow, type CounterTally, type TallyRow,
} from './statistics-counters.ts';
import { noticeCountsFromTally } from './notice-statistics.ts';
import { planCounters } from './counter-plan.ts';
import type { AuditStore, StoredCheckpoint, StoredLeaf } from './audit-store.ts';

export type { ConsistencyAnswer, InclusionAnswer };
import { canonicalJson } from './canonical-json.ts';
import { checkpointBody, openCheckpoint, signCheckpoint } from './checkpoint.ts';
import { noteBody, noteSignatureLines, parseCosignerVerifier, verifyCosignature, withSignatureLines } from './cosignature.ts';
import { logEntrySchema, type LogEntry, type LogEntryInput } from './entry.ts';
import {
  consistencyProof, inclusionProof, leafHash, lookupFrom, nodeKey, nodesForAppend, planNodeReads, rootAt,
  type NodeLookup, type TreeNode,
} from './merkle-tree.ts';
import { parseVerifierKey, signatureBlob, type NoteSigner, type NoteVerifier } from './signed-note.ts';

export interface AuditLogOptions {
  store: AuditStore;
  signer: NoteSigner;
  /** The checkpoint origin line; defaults to the signing key's name. */
  origin?: string;
  clock?: () => Date;
}

export interface Appended {
  /** The entry's position in the log; answers carry it. */
  index: number;
  /** Base64 leaf hash. */
  leafHash: string;
  /** Base64 signature (key id || Ed25519) over the checkpoint of size index + 1. */
  receipt: string;
}



const MAX_APPEND_ATTEMPTS = 5;
const b64 = (b: Buffer) => b.toString('base64');
const DAY_MS = 86_400_000;
/** Who a retention run is recorded as when no person started it. */
const SYSTEM_ACTOR: LogEntryInput['actor'] = { user: 'system', agency: 'system', role: 'admin' };
/** The action of the signed retention statement a verifier checks every removed payload against. */
export const RETENTION_ACTION = 'log.retention';

export class AuditLog implements AuditLedger {
  readonly store: AuditStore;
  readonly origin: string;
  private readonly signer: NoteSigner;
  private readonly verifier: NoteVerifier;
  private readonly clock: () => Date;
  // Appends from this process run one at a time; other processes are caught by the store's
  // unique leaf index (a conflict makes us re-read the size and try again).
  private tail: Promise<unknown> = Promise.resolve();

  constructor(opts: AuditLogOptions) {
    this.store = opts.store;
    this.signer = opts.signer;
    this.origin = opts.origin ?? opts.signer.name;
    this.clock = opts.clock ?? (() => new Date());
    this.verifier = parseVerifierKey(opts.signer.verifierKey);
    if (!this.origin || this.origin.includes('\n')) fail('ABG_ERR_CONFIG', 'The log origin must be one non-empty line.');
  }

  /** The verifier key that checks receipts and checkpoints. */
  get publicKey(): string {
    return this.signer.verifierKey;
  }

  /**
   * Appends an entry and returns its index. Fails with ABG_ERR_AUDIT_UNAVAILABLE when the entry
   * could not be stored: then the action it describes must not be answered.
   * Pass `store` to append inside a caller's transaction (no retry on conflict there).
   */
  async append(input: LogEntryInput, opts: { store?: AuditStore } = {}): Promise<Appended> {
    const parsed = logEntrySchema.safeParse({ v: 1, ...input, time: input.time ?? this.clock().toISOString() });
    if (!parsed.success) fail('ABG_ERR_VALIDATION', 'Invalid log entry.', { issues: parsed.error.issues });
    const entry: LogEntry = parsed.data;
    const payload = canonicalJson(entry);
    const hash = leafHash(Buffer.from(payload, 'utf8'));
    if (opts.store) {
      // Inside the caller's transaction: no in-process queue (the transaction may hold the only
      // connection another queued append waits for); the store's lock orders writers instead,
      // and a conflict aborts the caller's transaction, which is theirs to retry.
      try {
        return await this.locked(opts.store, entry, payload, hash);
      } catch (e) {
        if (isAbgError(e) && e.code === 'ABG_ERR_CONFLICT') throw e;
        throw new AbgError('ABG_ERR_AUDIT_UNAVAILABLE', (e as Error).message, { cause: isAbgError(e) ? e.code : 'store' });
      }
    }
    return this.serialised(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.locked(this.store, entry, payload, hash);
        } catch (e) {
          if (isAbgError(e) && e.code === 'ABG_ERR_CONFLICT' && attempt < MAX_APPEND_ATTEMPTS) continue;
          throw new AbgError('ABG_ERR_AUDIT_UNAVAILABLE', (e as Error).message, { cause: isAbgError(e) ? e.code : 'store' });
        }
      }
    });
  }

  private locked(store: AuditStore, entry: LogEntry, payload: string, hash: Buffer): Promise<Appended> {
    return store.withAppendLock ? store.withAppendLock((s) => this.appendOnce(s, entry, payload, hash)) : this.appendOnce(store, entry, payload, hash);
  }

  private async appendOnce(store: AuditStore, entry: LogEntry, payload: string, hash: Buffer): Promise<Appended> {
    const index = await store.size();
    const compute = (get: NodeLookup) => {
      const nodes = nodesForAppend(index, hash, get);
      const fresh = new Map(nodes.map((n) => [nodeKey(n.level, n.index), n.hash]));
      const root = rootAt(index + 1, (level, i) => fresh.get(nodeKey(level, i)) ?? get(level, i));
      return { nodes, root };
    };
    const { nodes, root } = compute(await this.lookup(store, compute));
    const receipt = signatureBlob(checkpointBody({ origin: this.origin, size: index + 1, rootHash: root }), this.signer);
    // The entry's statistics counters are written in the same transaction as the leaf.
    await store.append({ index, time: entry.time, leafHash: hash, payload, receipt }, nodes, counterIncrements(entry));
    return { index, leafHash: b64(hash), receipt };
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => {});
    return run;
  }

  /** Fetches, in one read, exactly the nodes a computation needs. */
  private async lookup(store: AuditStore, compute: (get: NodeLookup) => unknown): Promise<NodeLookup> {
    const keys = planNodeReads(compute);
    const nodes: TreeNode[] = keys.length ? await store.readNodes(keys) : [];
    return lookupFrom(nodes);
  }

  async size(): Promise<number> {
    return this.store.size();
  }

  /** The root hash of the first `size` entries (default: all). */
  async root(size?: number): Promise<{ size: number; rootHash: Buffer }> {
    const n = size ?? (await this.store.size());
    const compute = (get: NodeLookup) => rootAt(n, get);
    return { size: n, rootHash: compute(await this.lookup(this.store, compute)) };
  }

  /** Signs and stores a checkpoint of the current tree. */
  async checkpoint(): Promise<StoredCheckpoint> {
    return this.serialised(async () => {
      const { size, rootHash } = await this.root();
      const cp: StoredCheckpoint = { size, time: this.clock().toISOString(), note: signCheckpoint({ origin: this.origin, size, rootHash }, this.signer) };
      await this.store.saveCheckpoint(cp);
      return cp;
    });
  }

  /** The newest stored checkpoint, if any. */
  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return (await this.store.listCheckpoints()).at(-1);
  }

  /** RFC 9162 inclusion proof of entry `index` in the tree of `size` entries (default: all). */
  async inclusion(index: number, size?: number): Promise<InclusionAnswer> {
    const current = await this.store.size();
    const n = size ?? current;
    if (!Number.isSafeInteger(n) || n < 1 || n > current) fail('ABG_ERR_VALIDATION', `Tree size must be between 1 and ${current}.`);
    if (!Number.isSafeInteger(index) || index < 0 || index >= n) fail('ABG_ERR_NOT_FOUND', `Log entry ${index} is not in a tree of size ${n}.`);
    const compute = (get: NodeLookup) => ({ leaf: get(0, index), root: rootAt(n, get), path: inclusionProof(index, n, get) });
    const { leaf, root, path } = compute(await this.lookup(this.store, compute));
    return { index, size: n, leafHash: b64(leaf), rootHash: b64(root), path: path.map(b64) };
  }

  /** RFC 9162 consistency proof from the tree of `from` entries to the tree of `to` entries. */
  async consistency(from: number, to?: number): Promise<ConsistencyAnswer> {
    const current = await this.store.size();
    const n = to ?? current;
    if (!Number.isSafeInteger(n) || n > current) fail('ABG_ERR_VALIDATION', `Tree size must be at most ${current}.`);
    if (!Number.isSafeInteger(from) || from < 1 || from > n) fail('ABG_ERR_VALIDATION', `The earlier size must be between 1 and ${n}.`);
    const compute = (get: NodeLookup) => ({ a: rootAt(from, get), b: rootAt(n, get), path: consistencyProof(from, n, get) });
    const { a, b, path } = compute(await this.lookup(this.store, compute));
    return { from, to: n, fromRoot: b64(a), toRoot: b64(b), path: path.map(b64) };
  }

  /** One stored entry; `entry` is null when retention removed its payload. */
  async entry(index: number): Promise<{ index: number; time: string; leafHash: string; entry: LogEntry | null }> {
    const [leaf] = await this.store.readLeaves(index, index + 1);
    if (!leaf) fail('ABG_ERR_NOT_FOUND', `Log entry ${index} does not exist.`);
    return { index, time: leaf.time, leafHash: b64(leaf.leafHash), entry: leaf.payload === null ? null : (JSON.parse(leaf.payload) as LogEntry) };
  }

  /** Every stored leaf in index order, read in pages; stops at the size seen when it started. */
  async *leaves(pageSize = 1000): AsyncGenerator<StoredLeaf> {
    const n = await this.store.size();
    for (let from = 0; from < n; from += pageSize) {
      for (const leaf of await this.store.readLeaves(from, Math.min(n, from + pageSize))) yield leaf;
    }
  }

  /** Every entry whose payload is still held. */
  async *entries(pageSize = 1000): AsyncGenerator<LogEntry> {
    for await (const leaf of this.leaves(pageSize)) if (leaf.payload !== null) yield JSON.parse(leaf.payload) as LogEntry;
  }

  /** Entries matching the filter, newest first, as of the current size. */
  async query(filter: LogFilter, page: { limit: number; offset: number }): Promise<LogPage> {
    return queryLog(this.leaves(), await this.size(), filter, page);
  }

  /** Statistics from the column counters, summed by the store: whole years, months, days and hours as stored, the partial hours at the bounds counted from their entries. */
  async statistics(query: StatisticsQuery): Promise<StatisticsRow[]> {
    return statisticsFromTally(await this.tally(query, statisticsTally));
  }

  async refusals(query: StatisticsQuery): Promise<RefusalRow[]> {
    return refusalsFromTally(await this.tally(query, refusalsTally));
  }

  private async tally(query: StatisticsQuery, tally: CounterTally): Promise<TallyRow[]> {
    // Years serve only an answer by year; a month is the smallest period an answer shows.
    const plan = planCounters(query.from, query.to, query.by === 'month' ? ['month', 'day', 'hour'] : counterGrains);
    const scope = query.agencies ? { agencies: query.agencies, galleries: query.galleries ?? [] } : {};
    const periodLength = query.by === 'month' ? 7 : 4;
    const stored = await this.store.tallyCounters(plan.ranges, scope, periodLength, tally);
    if (plan.scans.length === 0) return stored;
    const rows = new Map(stored.map((r) => [tallyKey(r, tally), r]));
    const keep = inScope(scope);
    for (const range of plan.scans) {
      for (const leaf of await this.store.readLeavesByTime(range.from, range.to)) {
        if (leaf.payload === null) continue;
        // One grain is enough: the period is cut to the answer's year or month.
        tallyEntry(JSON.parse(leaf.payload) as LogEntry, 'hour', tally, periodLength, keep, rows);
      }
    }
    return [...rows.values()];
  }

  /** The log size and every statistics counter at that size, read together under the append lock. */
  counterSnapshot(): Promise<{ size: number; counters: CounterRow[] }> {
    const all = counterGrains.map((grain) => ({ grain }));
    const snapshot = async (s: AuditStore) => ({ size: await s.size(), counters: await s.readCounters(all, {}, PERIOD_LENGTH_MAX) });
    return this.serialised(() => (this.store.withAppendLock ? this.store.withAppendLock(snapshot) : snapshot(this.store)));
  }

  /**
   * Recounts every counter from the log's entries and compares it with the stored one: the
   * counters as of one size, then the entries below that size, which appends cannot change.
   */
  async verifyStatistics(): Promise<StatisticsCheck> {
    const { size, counters: stored } = await this.counterSnapshot();
    const recount = new Map<string, CounterRow>();
    const redacted: string[] = [];
    let entries = 0;
    for (let from = 0; from < size; from += 1000) {
      for (const leaf of await this.store.readLeaves(from, Math.min(size, from + 1000))) {
        if (leaf.payload === null) redacted.push(leaf.time);
        else {
          entries += 1;
          sumCounters(counterIncrements(JSON.parse(leaf.payload) as LogEntry), recount);
        }
      }
    }
    return compareCounters(stored, recount, redacted, entries);
  }

  /** Notice counts per agency and year from the counters, the partial hours at the bounds counted from their entries. */
  async noticeCounts(query: NoticeCountsQuery): Promise<NoticeCountRow[]> {
    return noticeCountsFromTally(await this.tally(query, noticesTally));
  }

  export(now: Date): AsyncGenerator<string> {
    return exportLog(this, now);
  }

  /**
   * Removes the payloads of entries older than `retentionDays`; leaf hashes and receipts stay, so
   * the tree still verifies. First appends the signed statement a verifier checks every removed
   * payload against: the period and `before`, the index below which payloads may be gone.
   * A scheduled run (no `by`) with nothing to remove appends nothing.
   */
  async applyRetention(retentionDays: number, by?: LogEntryInput['actor']): Promise<number> {
    if (!Number.isSafeInteger(retentionDays) || retentionDays < 1) fail('ABG_ERR_CONFIG', 'The log retention period must be a positive whole number of days.');
    const cutoff = new Date(this.clock().getTime() - retentionDays * DAY_MS).toISOString();
    // Entries expire as a prefix: everything before the first entry at or after the cutoff.
    let before = 0;
    let removed = 0;
    for await (const leaf of this.leaves()) {
      if (leaf.time >= cutoff) break;
      before = leaf.index + 1;
      if (leaf.payload !== null) removed += 1;
    }
    if (removed === 0 && !by) return 0;
    await this.append({ actor: by ?? SYSTEM_ACTOR, action: RETENTION_ACTION, outcome: 'ok', result: { counts: { removed, retentionDays, before } } });
    return this.store.redactBefore(cutoff, before);
  }

  /**
   * Stores a witness's cosignatures on one of this log's checkpoints (the note, signed by the
   * log, with the witness's lines appended) and returns the checkpoint with every cosignature
   * now held for it. Refuses a note the log did not sign, one without a valid cosignature of
   * `witnessKey`, and one whose root differs from this log's tree at that size.
   */
  async addCosignatures(note: string, witnessKey: string): Promise<StoredCheckpoint> {
    const witness = parseCosignerVerifier(witnessKey);
    const cp = openCheckpoint(note, this.verifier);
    const body = noteBody(note);
    if (!cp || body === null || cp.origin !== this.origin) fail('ABG_ERR_VALIDATION', 'The note is not a checkpoint signed by this log.');
    const lines = noteSignatureLines(note).filter((l) => verifyCosignature(`${body}\n${l}\n`, witness) !== null);
    if (lines.length === 0) fail('ABG_ERR_VALIDATION', `The note carries no valid cosignature of ${witness.name}.`);
    return this.serialised(async () => {
      if (cp.size > (await this.store.size()) || !(await this.root(cp.size)).rootHash.equals(cp.rootHash)) {
        fail('ABG_ERR_CONFLICT', `The cosigned checkpoint of size ${cp.size} does not match this log's tree.`);
      }
      const held = (await this.store.listCheckpoints()).filter((c) => c.size === cp.size && noteBody(c.note) === body).at(-1);
      const base = held?.note ?? signCheckpoint(cp, this.signer);
      const merged = withSignatureLines(base, lines);
      if (held && merged === held.note) return held;
      const stored: StoredCheckpoint = { size: cp.size, time: this.clock().toISOString(), note: merged };
      await this.store.saveCheckpoint(stored);
      return stored;
    });
  }
}

/**
 * Issues a checkpoint every `intervalMs` when the log grew past the last stored checkpoint (by any
 * process); `once` runs each round (default: directly; replicas pass one that lets a single process
 * run it at a time). Returns a function that stops it.
 */
export function scheduleCheckpoints(log: AuditLog, intervalMs: number, onError: (e: unknown) => void = () => {}, once: (round: () => Promise<void>) => Promise<unknown> = (round) => round()): () => void {
  let running = false;
  const round = async () => {
    const size = await log.size();
    if ((await log.latestCheckpoint())?.size === size) return;
    await log.checkpoint();
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void once(round).catch(onError).finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
