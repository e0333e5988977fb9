// The exact index ('exact'): answers identical to the float32 flat scan, from a compact int8 copy.
// A gallery's float32 rows stay the reference; once a gallery is large enough, an int8 copy in
// shared WebAssembly memory is scanned by the SIMD kernel (across worker threads for large
// galleries), which keeps every row whose float32 score could still be among the best k, judged
// by a bound on the quantisation error. Those candidates are re-scored in float32 and ranked
// (equal scores in id order), so the top k is the float32 answer itself, not an approximation.
import { fail } from '../domain/errors.ts';
import { exactKernelModule, KERNEL_CANDIDATES, KERNEL_MAX_K, quantiseQuery, kernelScan, type KernelQuery } from './exact-kernel.ts';
import { dotF32, scanF32 } from './flat-kernels.ts';
import { I8Blocks, type I8Block } from './i8-blocks.ts';
import { PooledVectorIndex, type ScanPool } from './scan-pool.ts';
import { DenseIds, DenseRowShard } from './dense-ids.ts';
import { bytesOf } from './snapshot.ts';
import { type PartitionHeader, type ShardHit, type VectorShard } from './vector-partitions.ts';
import type { PayloadReader, PayloadWriter, VectorEntry, VectorSource } from './types.ts';

export interface ExactIndexOptions {
  dimension: number;
  /** Worker threads for large scans; 0 or 1 scans on the calling thread. Default: cores, at most 4. */
  threads?: number;
  /** Blocks with at least this many components (rows × dimension) are split across workers. */
  parallelThreshold?: number;
  /** Galleries with at least this many components get the int8 copy; smaller ones scan float32. */
  compactThreshold?: number;
}

const DEFAULT_PARALLEL_THRESHOLD = 1 << 20;
const DEFAULT_COMPACT_THRESHOLD = 1 << 15;

class ExactShard extends DenseRowShard implements VectorShard {
  #rows: Float32Array;
  #compact: I8Blocks | undefined;

  constructor(readonly dim: number, readonly owner: ExactVectorIndex, capacity = 16) {
    super();
    this.#rows = new Float32Array(capacity * dim);
  }

  protected reserveRows(rows: number): void {
    const cap = this.#rows.length / this.dim;
    if (rows > cap) {
      const next = new Float32Array(Math.max(rows, Math.ceil(cap * 1.5), 16) * this.dim);
      next.set(this.#rows.subarray(0, this.count * this.dim));
      this.#rows = next;
    }
    this.#compact?.reserve(rows, this.count);
  }

  add(id: string, unit: Float32Array): void {
    this.reserveRows(this.count + 1);
    const slot = this.count;
    this.#rows.set(unit, slot * this.dim);
    this.#compact?.put(slot, unit);
    this.rowIds.push(id);
    this.version++;
    this.#maybeCompact();
  }

  protected moveRow(last: number, slot: number): void {
    this.#rows.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
    this.#compact?.move(last, slot);
  }


  /** Builds the int8 copy once the gallery is large enough (and the kernel is there). */
  #maybeCompact(): void {
    if (this.#compact || this.count * this.dim < this.owner.compactThreshold || !exactKernelModule()) return;
    const blocks = new I8Blocks(this.dim, this.owner.threads + 1, (key) => this.owner.startedPool()?.drop(key));
    blocks.reserve(Math.ceil(this.#rows.length / this.dim), 0);
    for (let s = 0; s < this.count; s++) blocks.put(s, this.#rows.subarray(s * this.dim, (s + 1) * this.dim));
    this.#compact = blocks;
  }

  async search(q: Float32Array, k: number): Promise<ShardHit[]> {
    const kk = Math.min(k, this.count);
    if (kk === 0) return [];
    const compact = this.#compact;
    if (!compact || kk > KERNEL_MAX_K) return this.#rank(this.#f32Candidates(0, this.count, q, kk), q, kk);
    const query = quantiseQuery(q);
    const version = this.version;
    const pool = this.owner.pool();
    if (pool) {
      const slots = await Promise.all(this.#candidates(compact, query, q, kk, pool));
      if (version === this.version) return this.#rank(slots.flat(), q, kk);
      // The gallery changed while the workers scanned: rows may have moved. Scan again here,
      // synchronously, so that nothing changes between the scan and the ranking.
    }
    return this.#rank((this.#candidates(compact, query, q, kk, undefined) as number[][]).flat(), q, kk);
  }

  /**
   * Every slot the kernel (or, where it overflowed, the float32 scan) keeps, per part; without a
   * pool every part is computed here and now (plain arrays), with one large blocks go to workers.
   */
  #candidates(compact: I8Blocks, query: KernelQuery, q: Float32Array, k: number, pool: ScanPool | undefined): (number[] | Promise<number[]>)[] {
    const module = exactKernelModule()!;
    const parts: (number[] | Promise<number[]>)[] = [];
    compact.blocks.forEach((block, b) => {
      const base = b * compact.blockRows;
      const used = Math.min(block.capacity, this.count - base);
      if (used <= 0) return;
      const job = (from: number, to: number, slot: number) => ({
        ...query, rows: block.rows, meta: block.meta, dimP: compact.dimP, from, to, k, slot, slotBytes: compact.slotBytes, maxK: KERNEL_MAX_K, cap: KERNEL_CANDIDATES,
      });
      const collect = (rows: Int32Array | null, from: number, to: number) =>
        rows === null ? this.#f32Candidates(base + from, base + to, q, k) : Array.from(rows, (r) => base + r);
      if (!pool || used * this.dim < this.owner.parallelThreshold) {
        parts.push(collect(kernelScan(mainScan(block, module), block.memory.buffer, job(0, used, 0)), 0, used));
        return;
      }
      const step = Math.ceil(used / pool.size);
      for (let w = 0, from = 0; from < used; w++, from += step) {
        const to = Math.min(used, from + step);
        parts.push(pool.run({ kernel: { key: block.key, module, memory: block.memory, job: job(from, to, w + 1) } }, w).then((r) => collect(r.rows, from, to)));
      }
    });
    return parts;
  }

  /** Slots in [from, to) scoring at least the k-th best float32 score there (ties at the cut included). */
  #f32Candidates(from: number, to: number, q: Float32Array, k: number): number[] {
    const kk = Math.min(k, to - from);
    const slots = new Int32Array(kk);
    const scores = new Float32Array(kk);
    const n = scanF32(this.#rows, this.dim, from, to, q, kk, slots, scores);
    const cut = scores[n - 1]!;
    const out: number[] = [];
    for (let s = from; s < to; s++) if (dotF32(this.#rows, s * this.dim, q, this.dim) >= cut) out.push(s);
    return out;
  }

  /** The best k of the candidate slots by their float32 score, equal scores in id order. */
  #rank(slots: number[], q: Float32Array, k: number): ShardHit[] {
    const hits = slots.map((s) => ({ id: this.rowIds.at(s), score: dotF32(this.#rows, s * this.dim, q, this.dim) }));
    hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, k);
  }

  /** Every row with its id; the vectors are views into the matrix. */
  *entries(gallery: string): Iterable<VectorEntry> {
    for (let s = 0; s < this.count; s++) yield { id: this.rowIds.at(s), gallery, vector: this.#rows.subarray(s * this.dim, (s + 1) * this.dim) };
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    out.writeJson(this.rowIds.all());
    out.write(bytesOf(this.#rows.subarray(0, this.count * this.dim)));
  }

  static async read(input: PayloadReader, dim: number, owner: ExactVectorIndex): Promise<ExactShard> {
    const ids = input.readJson();
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad id list.');
    const shard = new ExactShard(dim, owner, Math.max(16, ids.length));
    new Uint8Array(shard.#rows.buffer).set(input.read(ids.length * dim * 4));
    shard.rowIds = new DenseIds(ids as string[]);
    shard.#maybeCompact();
    return shard;
  }

  async close(): Promise<void> {
    this.#compact?.clear();
    this.#compact = undefined;
  }
}

function mainScan(block: I8Block, module: WebAssembly.Module): NonNullable<I8Block['scan']> {
  block.scan ??= new WebAssembly.Instance(module, { env: { memory: block.memory, abort() {} } }).exports.scan as NonNullable<I8Block['scan']>;
  return block.scan;
}

/** Exact cosine search whose answers are identical to the float32 flat scan, scanned over an int8 copy. */
export class ExactVectorIndex extends PooledVectorIndex<ExactShard> implements VectorSource {
  readonly kind = 'exact';
  readonly exact = true;
  readonly parallelThreshold: number;
  readonly compactThreshold: number;

  constructor(options: ExactIndexOptions) {
    super(options.dimension, options.threads);
    this.parallelThreshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
    this.compactThreshold = options.compactThreshold ?? DEFAULT_COMPACT_THRESHOLD;
  }

  protected createShard(): ExactShard {
    return new ExactShard(this.dimension, this);
  }

  entriesOf(gallery: string): Iterable<VectorEntry> {
    return this.shards.get(gallery)?.entries(gallery) ?? [];
  }

  protected readShard(input: PayloadReader): Promise<ExactShard> {
    return ExactShard.read(input, this.dimension, this);
  }

  static async fromPayload(header: PartitionHeader, input: PayloadReader, options: Partial<ExactIndexOptions> = {}): Promise<ExactVectorIndex> {
    const index = new ExactVectorIndex({ ...options, dimension: header.dimension });
    return index.readShards(header, input);
  }
}
