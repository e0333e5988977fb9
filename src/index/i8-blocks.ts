// The compact int8 copy of one gallery for the exact-scan kernel: rows in blocks of shared
// WebAssembly memory (at most 1 GiB of rows each, so galleries beyond wasm's 4 GiB work), every
// block beginning with one scratch area per scanning thread. Only the last block grows: it is
// reallocated at twice its size until full, then a new block starts. Slot numbers are global.
import { META_BYTES, paddedDim, quantiseRow, slotBytes } from './exact-kernel.ts';

const PAGE = 65536;
const MAX_BLOCK_ROW_BYTES = 2 ** 30;
const FIRST_ROWS = 1024;
let nextKey = 1;

export interface I8Block {
  /** Unique for the life of the process: workers cache their kernel instance under it. */
  readonly key: number;
  readonly memory: WebAssembly.Memory;
  readonly capacity: number;
  readonly rows: number;
  readonly meta: number;
  readonly bytes: Uint8Array;
  readonly i8: Int8Array;
  readonly f32: Float32Array;
  /** The main thread's kernel instance, made on first use. */
  scan?: (...args: number[]) => number;
}

export class I8Blocks {
  readonly blocks: I8Block[] = [];
  readonly dimP: number;
  readonly slotBytes: number;
  /** Rows per full block. */
  readonly blockRows: number;

  /** `slots`: scratch areas per block (the main thread plus each worker). `onDrop` hears of every block given up. */
  constructor(readonly dim: number, readonly slots: number, private readonly onDrop: (key: number) => void) {
    this.dimP = paddedDim(dim);
    this.slotBytes = slotBytes(dim);
    this.blockRows = Math.max(FIRST_ROWS, Math.floor(MAX_BLOCK_ROW_BYTES / this.dimP));
  }

  /** Where a global slot lives. */
  at(slot: number): { block: I8Block; row: number } {
    const b = Math.floor(slot / this.blockRows);
    return { block: this.blocks[b]!, row: slot - b * this.blockRows };
  }

  /** Makes room for `count` rows, keeping the first `used` rows. */
  reserve(count: number, used: number): void {
    for (;;) {
      const n = this.blocks.length;
      const last = this.blocks[n - 1];
      if (last === undefined ? count <= 0 : (n - 1) * this.blockRows + last.capacity >= count) return;
      if (last && last.capacity < this.blockRows) {
        const base = (n - 1) * this.blockRows;
        const next = this.#alloc(Math.min(this.blockRows, Math.max(last.capacity * 2, count - base)));
        const keep = Math.max(0, Math.min(last.capacity, used - base));
        next.bytes.set(last.bytes.subarray(last.rows, last.rows + keep * this.dimP), next.rows);
        next.bytes.set(last.bytes.subarray(last.meta, last.meta + keep * META_BYTES), next.meta);
        this.blocks[n - 1] = next;
        this.onDrop(last.key);
      } else {
        this.blocks.push(this.#alloc(Math.min(this.blockRows, Math.max(FIRST_ROWS, count - n * this.blockRows))));
      }
    }
  }

  /** Writes the quantised row and its metadata at a global slot. */
  put(slot: number, unit: Float32Array): void {
    const { block, row } = this.at(slot);
    quantiseRow(unit, block.i8, block.rows + row * this.dimP, block.f32, (block.meta + row * META_BYTES) >> 2);
  }

  /** Copies the row at slot `from` to slot `to`. */
  move(from: number, to: number): void {
    const a = this.at(from);
    const b = this.at(to);
    b.block.bytes.set(a.block.bytes.subarray(a.block.rows + a.row * this.dimP, a.block.rows + (a.row + 1) * this.dimP), b.block.rows + b.row * this.dimP);
    b.block.bytes.set(a.block.bytes.subarray(a.block.meta + a.row * META_BYTES, a.block.meta + (a.row + 1) * META_BYTES), b.block.meta + b.row * META_BYTES);
  }

  /** Gives every block up. */
  clear(): void {
    for (const b of this.blocks) this.onDrop(b.key);
    this.blocks.length = 0;
  }

  #alloc(capacity: number): I8Block {
    const rows = this.slots * this.slotBytes;
    const meta = rows + capacity * this.dimP;
    const pages = Math.ceil((meta + capacity * META_BYTES) / PAGE);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const buffer = memory.buffer;
    return { key: nextKey++, memory, capacity, rows, meta, bytes: new Uint8Array(buffer), i8: new Int8Array(buffer), f32: new Float32Array(buffer) };
  }
}
