// An in-memory AuditStore for tests and for tools that hold a log briefly.
import { fail } from '../domain/errors.ts';
import type { AuditStore, StoredCheckpoint, StoredLeaf } from '../audit/audit-store.ts';
import { nodeKey, type TreeNode } from '../audit/merkle-tree.ts';
import { inRange, PERIOD_LENGTH_MAX, sumCounters, tallyRows, type CounterRange, type CounterRow, type CounterScope, type CounterTally, type TallyRow } from '../audit/statistics-counters.ts';

export class MemoryAuditStore implements AuditStore {
  private readonly leaves: StoredLeaf[] = [];
  private readonly nodes = new Map<string, TreeNode>();
  private readonly checkpoints: StoredCheckpoint[] = [];
  private readonly counters = new Map<string, CounterRow>();

  async size(): Promise<number> {
    return this.leaves.length;
  }

  async append(leaf: StoredLeaf, nodes: readonly TreeNode[], counters: readonly CounterRow[] = []): Promise<void> {
    if (leaf.index !== this.leaves.length) fail('ABG_ERR_CONFLICT', `Log index ${leaf.index} is taken or out of order.`);
    if (nodes.some((n) => this.nodes.has(nodeKey(n.level, n.index)))) fail('ABG_ERR_CONFLICT', 'A tree node exists already.');
    this.leaves.push({ ...leaf });
    for (const n of nodes) this.nodes.set(nodeKey(n.level, n.index), { ...n });
    sumCounters(counters, this.counters);
  }

  async readNodes(keys: ReadonlyArray<{ level: number; index: number }>): Promise<TreeNode[]> {
    return keys.flatMap((k) => this.nodes.get(nodeKey(k.level, k.index)) ?? []);
  }

  async readLeaves(from: number, to: number): Promise<StoredLeaf[]> {
    return this.leaves.slice(Math.max(0, from), Math.max(0, to)).map((l) => ({ ...l }));
  }

  async readLeavesByTime(from: string, to: string): Promise<StoredLeaf[]> {
    return this.leaves.filter((l) => l.time >= from && l.time < to).map((l) => ({ ...l }));
  }

  async readCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number): Promise<CounterRow[]> {
    const agencies = scope.agencies && new Set(scope.agencies);
    const galleries = new Set(scope.galleries ?? []);
    const rows = [...this.counters.values()]
      .filter((r) => ranges.some((range) => inRange(r, range)) && (!agencies || agencies.has(r.agency) || galleries.has(r.gallery)))
      .map((r) => ({ ...r, period: r.period.slice(0, periodLength) }));
    return [...sumCounters(rows).values()];
  }

  async tallyCounters(ranges: readonly CounterRange[], scope: CounterScope, periodLength: number, tally: CounterTally): Promise<TallyRow[]> {
    return [...tallyRows(await this.readCounters(ranges, scope, PERIOD_LENGTH_MAX), tally, periodLength).values()];
  }

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.checkpoints.push({ ...checkpoint });
  }

  async listCheckpoints(): Promise<StoredCheckpoint[]> {
    return [...this.checkpoints].sort((a, b) => a.size - b.size || a.time.localeCompare(b.time));
  }

  async redactBefore(before: string, belowIndex = Infinity): Promise<number> {
    let n = 0;
    this.leaves.forEach((l, i) => {
      if (l.payload !== null && l.time < before && i < belowIndex) {
        this.leaves[i] = { ...l, payload: null };
        n += 1;
      }
    });
    return n;
  }

  /** Test hook: direct access to the stored rows, to tamper with them as an attacker with database access would. */
  get rawLeaves(): StoredLeaf[] {
    return this.leaves;
  }

  /** Test hook: the stored counters, to tamper with them likewise. */
  get rawCounters(): Map<string, CounterRow> {
    return this.counters;
  }
}
