// The ids of a shard's dense row matrix: row i belongs to ids[i]. Removing a row moves the last
// row into its hole, so the caller moves the row data the same way.

export class DenseIds {
  #ids: string[];
  #slotOf = new Map<string, number>();

  constructor(ids: string[] = []) {
    this.#ids = ids;
    ids.forEach((id, i) => this.#slotOf.set(id, i));
  }

  get count(): number {
    return this.#ids.length;
  }

  /** The id of a row. */
  at(slot: number): string {
    return this.#ids[slot]!;
  }

  /** Appends an id (not present yet); returns its row. */
  push(id: string): number {
    const slot = this.#ids.length;
    this.#ids.push(id);
    this.#slotOf.set(id, slot);
    return slot;
  }

  /** Removes an id: its row is `slot` and the last row (`last`) moves there; undefined when absent. */
  remove(id: string): { slot: number; last: number } | undefined {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return undefined;
    const last = this.#ids.length - 1;
    const moved = this.#ids[last]!;
    this.#ids[slot] = moved;
    this.#slotOf.set(moved, slot);
    this.#ids.length = last;
    this.#slotOf.delete(id);
    return { slot, last };
  }

  all(): readonly string[] {
    return this.#ids;
  }
}

/** A gallery shard over a dense row matrix: the id bookkeeping, batch adds and removal by moving the last row. */
export abstract class DenseRowShard {
  /** Bumped on every change; a parallel scan that saw a change is redone. */
  version = 0;
  protected rowIds = new DenseIds();
  abstract readonly dim: number;

  /** Makes room for this many rows. */
  protected abstract reserveRows(rows: number): void;
  /** Copies row `from` over row `to`. */
  protected abstract moveRow(from: number, to: number): void;
  abstract add(id: string, unit: Float32Array): void;

  get count(): number {
    return this.rowIds.count;
  }

  ids(): Iterable<string> {
    return this.rowIds.all();
  }

  addBatch(ids: string[], units: Float32Array): void {
    this.reserveRows(this.count + ids.length);
    for (let i = 0; i < ids.length; i++) this.add(ids[i]!, units.subarray(i * this.dim, (i + 1) * this.dim));
  }

  remove(id: string): boolean {
    const gone = this.rowIds.remove(id);
    if (!gone) return false;
    // The last row moves into the hole so the matrix stays dense.
    if (gone.slot !== gone.last) this.moveRow(gone.last, gone.slot);
    this.version++;
    return true;
  }
}
