// Approximate HNSW search through hnswlib-node (native, compiled at install). One graph per gallery.
import hnswlib from 'hnswlib-node';
import { fail } from '../domain/errors.ts';
import { GraphKeys, KeyedGraphShard } from './graph-keys.ts';
import { readNative, writeNative } from './native-files.ts';
import { NativeGraphIndex } from './native-graph-index.ts';
import type { PartitionHeader, ShardHit, VectorShard } from './vector-partitions.ts';
import type { PayloadReader, PayloadWriter } from './types.ts';

const { HierarchicalNSW } = hnswlib;

export interface HnswlibOptions {
  dimension: number;
  /** Graph degree M (default 16). */
  m?: number;
  /** Candidate list size while building (default 128). */
  efConstruction?: number;
  /** Candidate list size while searching, the recall/speed knob (default 128). */
  efSearch?: number;
}

type Settings = Required<Omit<HnswlibOptions, 'dimension'>>;

class HnswlibShard extends KeyedGraphShard implements VectorShard {
  #index: InstanceType<typeof HierarchicalNSW>;
  /** Deleted elements whose memory hnswlib can hand to the next addition. */
  #deleted = 0;

  constructor(readonly dim: number, readonly settings: Settings, capacity = 64) {
    super();
    this.#index = new HierarchicalNSW('ip', dim);
    this.#index.initIndex({ maxElements: capacity, m: settings.m, efConstruction: settings.efConstruction, allowReplaceDeleted: true });
    this.#index.setEf(settings.efSearch);
  }

  add(id: string, unit: Float32Array): void {
    const point = Array.from(unit);
    // Every addition gets a fresh label; hnswlib recycles a deleted element's memory by itself
    // (replace-deleted), so our label map never depends on which element it picks.
    const label = this.keys.next;
    if (this.#deleted > 0) {
      this.#index.addPoint(point, label, true);
      this.#deleted--;
    } else {
      const max = this.#index.getMaxElements();
      if (this.#index.getCurrentCount() >= max) this.#index.resizeIndex(Math.ceil(max * 1.5) + 16);
      this.#index.addPoint(point, label);
    }
    this.keys.add(id);
  }

  addBatch(ids: string[], units: Float32Array): void {
    const need = this.#index.getCurrentCount() + Math.max(0, ids.length - this.#deleted);
    if (need > this.#index.getMaxElements()) this.#index.resizeIndex(need);
    for (let i = 0; i < ids.length; i++) this.add(ids[i]!, units.subarray(i * this.dim, (i + 1) * this.dim));
  }

  remove(id: string): boolean {
    const label = this.keys.remove(id);
    if (label === undefined) return false;
    this.#index.markDelete(label);
    this.#deleted++;
    return true;
  }

  setEf(ef: number): void {
    this.#index.setEf(ef);
  }

  async search(q: Float32Array, k: number): Promise<ShardHit[]> {
    const kk = Math.min(k, this.count);
    if (kk === 0) return [];
    const r = this.#index.searchKnn(Array.from(q), kk);
    const out: ShardHit[] = [];
    for (let i = 0; i < r.neighbors.length; i++) {
      const id = this.keys.idOf(r.neighbors[i]!);
      if (id !== undefined) out.push({ id, score: 1 - r.distances[i]! });
    }
    return out;
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    out.writeJson({ idOf: this.keys, deleted: this.#deleted });
    await writeNative(out, (file) => this.#index.writeIndexSync(file));
  }

  static async read(input: PayloadReader, dim: number, settings: Settings): Promise<HnswlibShard> {
    const meta = input.readJson() as { idOf?: unknown; deleted?: unknown };
    if (typeof meta?.deleted !== 'number') fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad label list.');
    const shard = new HnswlibShard(dim, settings, 1);
    shard.keys = GraphKeys.from(meta.idOf);
    await readNative(input, (file) => shard.#index.readIndexSync(file, true));
    shard.#index.setEf(settings.efSearch);
    shard.#deleted = meta.deleted;
    return shard;
  }
}

/** HNSW over cosine similarity via hnswlib-node; approximate: see docs/index.md for measured recall. */
export class HnswlibIndex extends NativeGraphIndex<HnswlibShard, Settings> {
  readonly kind = 'hnsw-hnswlib';

  constructor(options: HnswlibOptions) {
    super(options.dimension, { m: options.m ?? 16, efConstruction: options.efConstruction ?? 128, efSearch: options.efSearch ?? 128 }, HnswlibShard);
  }

  /** Changes the search-time candidate list size of every gallery. */
  setEfSearch(ef: number): void {
    this.settings.efSearch = ef;
    for (const s of this.shards.values()) s.setEf(ef);
  }

  static async fromPayload(header: PartitionHeader, input: PayloadReader, overrides: Partial<HnswlibOptions> = {}): Promise<HnswlibIndex> {
    const index = new HnswlibIndex({ ...(header.config as Partial<HnswlibOptions>), ...overrides, dimension: header.dimension });
    return index.readShards(header, input);
  }
}
