// Approximate HNSW search through usearch (native, prebuilt). One usearch index per gallery.
import usearch from 'usearch';
import { fail } from '../domain/errors.ts';
import { GraphKeys, KeyedGraphShard } from './graph-keys.ts';
import { readNative, writeNative } from './native-files.ts';
import { checkK, toUnitVector } from './vector-input.ts';
import { NativeGraphIndex } from './native-graph-index.ts';
import { byScore, type PartitionHeader, type ShardHit, type VectorShard } from './vector-partitions.ts';
import type { GalleryFilter, PayloadReader, PayloadWriter, VectorHit } from './types.ts';

const { Index, MetricKind, ScalarKind } = usearch;

export interface UsearchOptions {
  dimension: number;
  /** Storage of the vectors inside the graph: 'f32' (default), 'f16' (half memory) or 'i8'. */
  quantization?: 'f32' | 'f16' | 'i8';
  /** Graph degree M (default 16). */
  connectivity?: number;
  /** Candidate list size while building (default 128). */
  expansionAdd?: number;
  /** Candidate list size while searching, the recall/speed knob (default 128). */
  expansionSearch?: number;
  /** Threads for batch additions (0 = all cores; default 0). */
  threads?: number;
}

type Settings = Required<Omit<UsearchOptions, 'dimension'>>;

class UsearchShard extends KeyedGraphShard implements VectorShard {
  #index: InstanceType<typeof Index>;

  constructor(readonly dim: number, readonly settings: Settings) {
    super();
    this.#index = UsearchShard.#native(dim, settings);
  }

  static #native(dim: number, s: Settings): InstanceType<typeof Index> {
    return new Index({
      dimensions: dim,
      metric: MetricKind.Cos,
      quantization: { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 }[s.quantization],
      connectivity: s.connectivity,
      expansion_add: s.expansionAdd,
      expansion_search: s.expansionSearch,
      multi: false,
    });
  }

  add(id: string, unit: Float32Array): void {
    this.#index.add(BigInt(this.keys.next), unit, 1);
    this.keys.add(id);
  }

  addBatch(ids: string[], units: Float32Array): void {
    const first = this.keys.next;
    const keys = new BigUint64Array(ids.length);
    for (let i = 0; i < ids.length; i++) keys[i] = BigInt(first + i);
    this.#index.add(keys, units, this.settings.threads);
    for (const id of ids) this.keys.add(id);
  }

  remove(id: string): boolean {
    const key = this.keys.remove(id);
    if (key === undefined) return false;
    this.#index.remove(BigInt(key));
    return true;
  }

  async search(q: Float32Array, k: number): Promise<ShardHit[]> {
    const kk = Math.min(k, this.count);
    if (kk === 0) return [];
    const m = this.#index.search(q, kk, 1);
    const out: ShardHit[] = [];
    for (let i = 0; i < m.keys.length; i++) {
      const id = this.keys.idOf(m.keys[i]!);
      if (id !== undefined) out.push({ id, score: 1 - m.distances[i]! });
    }
    return out;
  }

  /** Many queries at once, searched by the native library on `threads` threads. */
  searchMany(queries: Float32Array, k: number, threads: number): ShardHit[][] {
    const kk = Math.min(k, this.count);
    const nq = queries.length / this.dim;
    if (kk === 0) return Array.from({ length: nq }, () => []);
    const m = this.#index.search(queries, kk, threads);
    const out: ShardHit[][] = [];
    for (let q = 0; q < nq; q++) {
      const one = nq === 1 ? (m as InstanceType<typeof usearch.Matches>) : (m as InstanceType<typeof usearch.BatchMatches>).get(q);
      const hits: ShardHit[] = [];
      for (let i = 0; i < one.keys.length; i++) {
        const id = this.keys.idOf(one.keys[i]!);
        if (id !== undefined) hits.push({ id, score: 1 - one.distances[i]! });
      }
      out.push(hits);
    }
    return out;
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    out.writeJson(this.keys);
    await writeNative(out, (file) => this.#index.save(file));
  }

  static async read(input: PayloadReader, dim: number, settings: Settings): Promise<UsearchShard> {
    const keys = GraphKeys.from(input.readJson());
    const shard = new UsearchShard(dim, settings);
    await readNative(input, (file) => {
      try {
        shard.#index.load(file);
      } catch (e) {
        fail('ABG_ERR_SNAPSHOT_CORRUPT', `The native graph does not load: ${String(e)}`);
      }
    });
    shard.keys = keys;
    return shard;
  }
}

/** HNSW over cosine similarity via usearch; approximate: see docs/index.md for measured recall. */
export class UsearchIndex extends NativeGraphIndex<UsearchShard, Settings> {
  readonly kind = 'hnsw-usearch';

  constructor(options: UsearchOptions) {
    super(options.dimension, {
      quantization: options.quantization ?? 'f32',
      connectivity: options.connectivity ?? 16,
      expansionAdd: options.expansionAdd ?? 128,
      expansionSearch: options.expansionSearch ?? 128,
      threads: options.threads ?? 0,
    }, UsearchShard);
  }

  /**
   * Searches many queries at once on the native library's threads (for batch probes and
   * throughput); same answers as search() per query.
   */
  async searchMany(queries: ArrayLike<number>[], k: number, filter?: GalleryFilter, threads = this.settings.threads): Promise<VectorHit[][]> {
    checkK(k);
    const flat = new Float32Array(queries.length * this.dimension);
    queries.forEach((q, i) => flat.set(toUnitVector(q, this.dimension), i * this.dimension));
    const names = filter === undefined ? [...this.shards.keys()] : [...new Set(filter)].filter((g) => this.shards.has(g));
    const merged: VectorHit[][] = queries.map(() => []);
    for (const gallery of names) {
      this.shards.get(gallery)!.searchMany(flat, k, threads).forEach((hits, i) => {
        for (const h of hits) merged[i]!.push({ id: h.id, gallery, score: h.score });
      });
    }
    return merged.map((m) => m.sort(byScore).slice(0, k));
  }

  /** Reads a payload; `overrides` may change search-time settings such as expansionSearch. */
  static async fromPayload(header: PartitionHeader, input: PayloadReader, overrides: Partial<UsearchOptions> = {}): Promise<UsearchIndex> {
    const index = new UsearchIndex({ ...(header.config as Partial<UsearchOptions>), ...overrides, dimension: header.dimension });
    return index.readShards(header, input);
  }
}
