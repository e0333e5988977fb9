// Exact flat indexes: every query scans every vector of the galleries it names. The always-
// correct reference for the approximate indexes. Vectors live in SharedArrayBuffers so that a
// large gallery's scan splits across worker threads without copying.
import { fail } from '../domain/errors.ts';
import { quantiseI8, scanF32, scanI8 } from './flat-kernels.ts';
import { PooledVectorIndex, type ScanPool } from './scan-pool.ts';
import { DenseIds, DenseRowShard } from './dense-ids.ts';
import { bytesOf } from './snapshot.ts';
import { type PartitionHeader, type ShardHit, type VectorShard } from './vector-partitions.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

export interface FlatIndexOptions {
  dimension: number;
  /** Worker threads for large scans; 0 or 1 scans on the calling thread. Default: cores, at most 4. */
  threads?: number;
  /** Scans with at least this many components (rows × dimension) are split across workers. */
  parallelThreshold?: number;
}

const DEFAULT_PARALLEL_THRESHOLD = 1 << 22;

class FlatShard extends DenseRowShard implements VectorShard {
  #data: Float32Array | Int8Array;
  #scales: Float32Array | undefined;

  constructor(readonly dim: number, readonly quantised: boolean, readonly owner: FlatVectorIndex, capacity = 16) {
    super();
    this.#data = this.#alloc(capacity);
    this.#scales = quantised ? new Float32Array(new SharedArrayBuffer(capacity * 4)) : undefined;
  }

  #alloc(rows: number): Float32Array | Int8Array {
    return this.quantised ? new Int8Array(new SharedArrayBuffer(rows * this.dim)) : new Float32Array(new SharedArrayBuffer(rows * this.dim * 4));
  }

  protected reserveRows(rows: number): void {
    const cap = this.#data.length / this.dim;
    if (rows <= cap) return;
    const next = Math.max(rows, Math.ceil(cap * 1.5), 16);
    const data = this.#alloc(next);
    data.set(this.#data.subarray(0, this.count * this.dim) as never);
    this.#data = data;
    if (this.#scales) {
      const scales = new Float32Array(new SharedArrayBuffer(next * 4));
      scales.set(this.#scales.subarray(0, this.count));
      this.#scales = scales;
    }
  }

  #put(slot: number, unit: Float32Array): void {
    if (this.#scales) this.#scales[slot] = quantiseI8(unit, this.#data as Int8Array, slot * this.dim);
    else (this.#data as Float32Array).set(unit, slot * this.dim);
  }

  add(id: string, unit: Float32Array): void {
    this.reserveRows(this.count + 1);
    const slot = this.count;
    this.#put(slot, unit);
    this.rowIds.push(id);
    this.version++;
  }

  protected moveRow(last: number, slot: number): void {
    this.#data.copyWithin(slot * this.dim, last * this.dim, (last + 1) * this.dim);
    if (this.#scales) this.#scales[slot] = this.#scales[last]!;
  }


  async search(q: Float32Array, k: number): Promise<ShardHit[]> {
    const kk = Math.min(k, this.count);
    if (kk === 0) return [];
    const pool = this.owner.pool();
    if (pool && this.count * this.dim >= this.owner.parallelThreshold) {
      const version = this.version;
      const hits = await this.#parallel(pool, q, kk);
      if (version === this.version) return hits;
      // The gallery changed while the workers scanned: rows may have moved. Scan again here.
    }
    const slots = new Int32Array(kk);
    const scores = new Float32Array(kk);
    const n = this.#scales
      ? scanI8(this.#data as Int8Array, this.#scales, this.dim, 0, this.count, q, kk, slots, scores)
      : scanF32(this.#data as Float32Array, this.dim, 0, this.count, q, kk, slots, scores);
    const out: ShardHit[] = [];
    for (let i = 0; i < n; i++) out.push({ id: this.rowIds.at(slots[i]!), score: scores[i]! });
    return out;
  }

  async #parallel(pool: ScanPool, q: Float32Array, k: number): Promise<ShardHit[]> {
    const parts = pool.size;
    const step = Math.ceil(this.count / parts);
    const jobs = [];
    for (let from = 0; from < this.count; from += step) {
      jobs.push(pool.run({
        data: this.#data.buffer as SharedArrayBuffer,
        ...(this.#scales ? { scales: this.#scales.buffer as SharedArrayBuffer } : {}),
        dim: this.dim, from, to: Math.min(this.count, from + step), query: q, k,
      }));
    }
    const replies = await Promise.all(jobs);
    const out: ShardHit[] = [];
    for (const r of replies) for (let i = 0; i < r.n; i++) out.push({ id: this.rowIds.at(r.slots[i]!), score: r.scores[i]! });
    out.sort((a, b) => b.score - a.score);
    return out.slice(0, k);
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    out.writeJson(this.rowIds.all());
    out.write(bytesOf(this.#data.subarray(0, this.count * this.dim)));
    if (this.#scales) out.write(bytesOf(this.#scales.subarray(0, this.count)));
  }

  static async read(input: PayloadReader, dim: number, quantised: boolean, owner: FlatVectorIndex): Promise<FlatShard> {
    const ids = input.readJson();
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad id list.');
    const shard = new FlatShard(dim, quantised, owner, Math.max(16, ids.length));
    const n = ids.length;
    const bytes = input.read(n * dim * (quantised ? 1 : 4));
    new Uint8Array(shard.#data.buffer).set(bytes);
    if (shard.#scales) new Uint8Array(shard.#scales.buffer).set(input.read(n * 4));
    shard.rowIds = new DenseIds(ids as string[]);
    return shard;
  }

  async close(): Promise<void> {}
}

/** Exact cosine search over float32 vectors ('flat-f32') or int8-quantised ones ('flat-i8'). */
export class FlatVectorIndex extends PooledVectorIndex<FlatShard> {
  readonly kind: 'flat-f32' | 'flat-i8';
  readonly parallelThreshold: number;

  constructor(options: FlatIndexOptions & { quantised?: boolean }) {
    super(options.dimension, options.threads);
    this.kind = options.quantised ? 'flat-i8' : 'flat-f32';
    this.parallelThreshold = options.parallelThreshold ?? DEFAULT_PARALLEL_THRESHOLD;
  }

  /**
   * flat-f32 returns exactly what a brute-force scan returns. flat-i8 scans exactly over int8
   * values (a quarter of the memory); its scores differ from float32 by about 1e-3, so near-ties
   * can swap order: see the declared recall bound in its tests and docs/index.md.
   */
  get exact(): boolean {
    return this.kind === 'flat-f32';
  }

  protected createShard(): FlatShard {
    return new FlatShard(this.dimension, this.kind === 'flat-i8', this);
  }

  protected readShard(input: PayloadReader): Promise<FlatShard> {
    return FlatShard.read(input, this.dimension, this.kind === 'flat-i8', this);
  }

  static async fromPayload(header: PartitionHeader, input: PayloadReader, options: Partial<FlatIndexOptions> = {}): Promise<FlatVectorIndex> {
    const index = new FlatVectorIndex({ ...options, dimension: header.dimension, quantised: header.kind === 'flat-i8' });
    return index.readShards(header, input);
  }
}
