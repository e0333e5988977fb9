// An in-memory IndexChangeFeed: the reference fake for tests, and usable where the store is
// itself in memory. Implements the real interface; the store's feed must behave the same way.
import type { IndexChange, IndexChangeFeed } from './types.ts';

export class MemoryChangeFeed<V> implements IndexChangeFeed<V> {
  readonly changes: IndexChange<V>[] = [];

  /** Records a committed change and returns its sequence number. */
  commit(op: 'add' | 'remove', id: string, gallery: string, value?: V): number {
    const seq = this.changes.length + 1;
    this.changes.push(value === undefined ? { seq, op, id, gallery } : { seq, op, id, gallery, value });
    return seq;
  }

  async latestSeq(): Promise<number> {
    return this.changes.length;
  }

  async *changesSince(seq: number): AsyncIterable<IndexChange<V>> {
    for (let i = Math.max(0, seq); i < this.changes.length; i++) yield this.changes[i]!;
  }
}
