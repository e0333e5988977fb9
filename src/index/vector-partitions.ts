// The gallery partitioning shared by every vector index: one shard per gallery, so a filter
// touches only the galleries it names. Shards hold unit vectors; this layer validates input,
// keeps id → gallery, and merges the shards' answers.
import { fail } from '../domain/errors.ts';
import { writeSnapshot } from './snapshot.ts';
import { checkK, toUnitVector } from './vector-input.ts';
import type { GalleryFilter, PayloadReader, PayloadWriter, VectorEntry, VectorHit, VectorIndex } from './types.ts';

export interface ShardHit {
  id: string;
  score: number;
}

/** One gallery's part of a vector index. Vectors arrive unit-length and validated. */
export interface VectorShard {
  readonly count: number;
  add(id: string, unit: Float32Array): void;
  /** `units` holds ids.length rows of the index's dimension. */
  addBatch(ids: string[], units: Float32Array): void;
  remove(id: string): boolean;
  ids(): Iterable<string>;
  search(query: Float32Array, k: number): Promise<ShardHit[]>;
  writePayload(out: PayloadWriter): Promise<void>;
  close(): Promise<void>;
}

export interface PartitionHeader {
  kind: string;
  dimension: number;
  config: Record<string, unknown>;
  galleries: string[];
}

export abstract class PartitionedVectorIndex<S extends VectorShard> implements VectorIndex {
  abstract readonly kind: string;
  abstract readonly exact: boolean;
  readonly dimension: number;
  protected readonly shards = new Map<string, S>();
  readonly #galleryOf = new Map<string, string>();

  constructor(dimension: number) {
    if (!Number.isInteger(dimension) || dimension < 1 || dimension > 65536) fail('ABG_ERR_VALIDATION', `Bad dimension ${dimension}.`);
    this.dimension = dimension;
  }

  /** A new, empty shard for one gallery. */
  protected abstract createShard(): S;
  /** Reads one shard written by S.writePayload. */
  protected abstract readShard(input: PayloadReader): Promise<S>;
  /** Settings stored in the snapshot header. */
  protected abstract config(): Record<string, unknown>;

  get size(): number {
    return this.#galleryOf.size;
  }

  has(id: string): boolean {
    return this.#galleryOf.has(id);
  }

  /** Gallery ids that hold at least one entry. */
  galleries(): string[] {
    return [...this.shards.keys()];
  }

  add(id: string, gallery: string, vector: ArrayLike<number>): void {
    checkId(id, gallery);
    const unit = toUnitVector(vector, this.dimension);
    this.remove(id);
    this.#shard(gallery).add(id, unit);
    this.#galleryOf.set(id, gallery);
  }

  addMany(entries: Iterable<VectorEntry>): void {
    const groups = new Map<string, { ids: string[]; rows: Float32Array[] }>();
    const seen = new Set<string>();
    // Validate everything before changing anything, so a bad entry leaves the index as it was.
    for (const e of entries) {
      checkId(e.id, e.gallery);
      const unit = toUnitVector(e.vector, this.dimension);
      if (seen.has(e.id)) fail('ABG_ERR_VALIDATION', `Duplicate id ${e.id} in one batch.`);
      seen.add(e.id);
      let g = groups.get(e.gallery);
      if (!g) groups.set(e.gallery, (g = { ids: [], rows: [] }));
      g.ids.push(e.id);
      g.rows.push(unit);
    }
    for (const id of seen) this.remove(id);
    for (const [gallery, g] of groups) {
      const flat = new Float32Array(g.ids.length * this.dimension);
      g.rows.forEach((r, i) => flat.set(r, i * this.dimension));
      this.#shard(gallery).addBatch(g.ids, flat);
      for (const id of g.ids) this.#galleryOf.set(id, gallery);
    }
  }

  remove(id: string): boolean {
    const gallery = this.#galleryOf.get(id);
    if (gallery === undefined) return false;
    const shard = this.shards.get(gallery)!;
    shard.remove(id);
    this.#galleryOf.delete(id);
    if (shard.count === 0) {
      this.shards.delete(gallery);
      void shard.close();
    }
    return true;
  }

  async search(query: ArrayLike<number>, k: number, filter?: GalleryFilter): Promise<VectorHit[]> {
    checkK(k);
    const q = toUnitVector(query, this.dimension);
    const names = filter === undefined ? [...this.shards.keys()] : [...new Set(filter)].filter((g) => this.shards.has(g));
    const parts = await Promise.all(names.map(async (gallery) => {
      const hits = await this.shards.get(gallery)!.search(q, k);
      return hits.map((h) => ({ id: h.id, gallery, score: h.score }));
    }));
    const all = parts.flat();
    all.sort(byScore);
    return all.slice(0, k);
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    const header: PartitionHeader = { kind: this.kind, dimension: this.dimension, config: this.config(), galleries: [...this.shards.keys()] };
    out.writeJson(header);
    for (const shard of this.shards.values()) await shard.writePayload(out);
  }

  /** Fills an empty index from a payload whose header was already read. */
  async readShards(header: PartitionHeader, input: PayloadReader): Promise<this> {
    for (const gallery of header.galleries) {
      const shard = await this.readShard(input);
      this.shards.set(gallery, shard);
      for (const id of shard.ids()) this.#galleryOf.set(id, gallery);
    }
    return this;
  }

  save(file: string): Promise<void> {
    return writeSnapshot(file, 0, (out) => this.writePayload(out));
  }

  async close(): Promise<void> {
    await Promise.all([...this.shards.values()].map((s) => s.close()));
    this.shards.clear();
    this.#galleryOf.clear();
  }

  #shard(gallery: string): S {
    let s = this.shards.get(gallery);
    if (!s) this.shards.set(gallery, (s = this.createShard()));
    return s;
  }
}

export function byScore(a: VectorHit, b: VectorHit): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function checkId(id: string, gallery: string): void {
  if (typeof id !== 'string' || id.length === 0) fail('ABG_ERR_VALIDATION', 'An index entry needs a non-empty string id.');
  if (typeof gallery !== 'string' || gallery.length === 0) fail('ABG_ERR_VALIDATION', 'An index entry needs a non-empty gallery id.');
}
