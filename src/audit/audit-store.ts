// The narrow storage interface of the audit log. Implementations: in memory (tests) and over
// Kysely for SQLite and PostgreSQL.
import type { SignedCheckpoint } from '../services/ports/audit-ledger.ts';
import type { TreeNode } from './merkle-tree.ts';
import type { CounterRange, CounterRow, CounterScope, CounterTally, TallyRow } from './statistics-counters.ts';

/** A signed checkpoint as stored. */
export type StoredCheckpoint = SignedCheckpoint;

/** One log position as stored. `payload` is the entry's canonical JSON, null once retention removed it. */
export interface StoredLeaf {
  readonly index: number;
  readonly time: string;
  readonly leafHash: Buffer;
  readonly payload: string | null;
  /** Base64 signature line blob (key id || Ed25519 signature) over the checkpoint of size index + 1. */
  readonly receipt: string;
}


export interface AuditStore {
  /** The number of leaves. */
  size(): Promise<number>;
  /**
   * Appends one leaf, the tree nodes it completes and the entry's statistics counter increments,
   * atomically. Fails with ABG_ERR_CONFLICT when `leaf.index` is taken (another writer appended
   * first) and then writes nothing.
   */
  append(leaf: StoredLeaf, nodes: readonly TreeNode[], counters?: readonly CounterRow[]): Promise<void>;
  /**
   * Runs `fn` in one transaction that holds off every other append until it ends, so that
   * reading the size and appending are one step across processes. Inside a caller's
   * transaction it takes the lock in that transaction. Optional: without it the log retries
   * on conflict.
   */
  withAppendLock?<T>(fn: (store: AuditStore) => Promise<T>): Promise<T>;
  /** The stored nodes among `keys`; a missing node is simply absent from the answer. */
  readNodes(keys: ReadonlyArray<{ level: number; index: number }>): Promise<TreeNode[]>;
  /** Leaves with from ≤ index < to, in index order. */
  readLeaves(from: number, to: number): Promise<StoredLeaf[]>;
  /** Leaves with from ≤ time < to (times compare as text), in index order. */
  readLeavesByTime(from: string, to: string): Promise<StoredLeaf[]>;
  /**
   * The statistics counters in any of `ranges` and in `scope` (an agency's own, or about one of
   * `scope.galleries`), summed per key with the period cut to its first `periodLength` characters.
   */
  readCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]>;
  /**
   * The counters in any of `ranges` (disjoint in time, as planCounters makes them) and in `scope`,
   * grouped by the tally's fields (period cut to `periodLength` characters) with one sum per column,
   * one row per group; groups no column's rule matches are left out.
   */
  tallyCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number, tally: CounterTally): Promise<TallyRow[]>;
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  /** All checkpoints, by size then time. */
  listCheckpoints(): Promise<StoredCheckpoint[]>;
  /** Removes the payloads of leaves with time < `before` (and index < `belowIndex` when given); keeps their leaf hashes and receipts. Returns how many. */
  redactBefore(before: string, belowIndex?: number): Promise<number>;
}
