// Exact Hamming-distance indexes over 256-bit hashes (PDQ), one shard per gallery:
// 'hamming-linear' scans packed words; 'hamming-mih' adds multi-index hashing for radius ≤ 31.
import { fail } from '../domain/errors.ts';
import { HASH_WORDS, checkRadius, parseHash } from './hash-input.ts';
import { HashShard, byDistance, type ShardHashHit } from './hash-shard.ts';
import { writeSnapshot } from './snapshot.ts';
import { checkK } from './vector-input.ts';
import { checkId } from './vector-partitions.ts';
import type { GalleryFilter, Hash256, HashEntry, HashHit, HashIndex, PayloadReader, PayloadWriter } from './types.ts';

export interface HashIndexOptions {
  /**
   * 'mih' builds the multi-index tables for galleries of at least `mihMinSize` entries
   * (default 1024; smaller galleries scan faster than they probe 272 buckets); 'linear' never.
   */
  mode: 'linear' | 'mih';
  mihMinSize?: number;
}

interface HashHeader {
  kind: string;
  mihMinSize: number | null;
  galleries: string[];
}

export class HammingIndex implements HashIndex {
  readonly kind: 'hamming-linear' | 'hamming-mih';
  readonly mihMinSize: number | undefined;
  #shards = new Map<string, HashShard>();
  #galleryOf = new Map<string, string>();
  #scratch = new Uint32Array(HASH_WORDS);

  constructor(options: HashIndexOptions) {
    this.kind = options.mode === 'mih' ? 'hamming-mih' : 'hamming-linear';
    this.mihMinSize = options.mode === 'mih' ? (options.mihMinSize ?? 1024) : undefined;
  }

  get size(): number {
    return this.#galleryOf.size;
  }

  has(id: string): boolean {
    return this.#galleryOf.has(id);
  }

  add(id: string, gallery: string, hash: Hash256): void {
    checkId(id, gallery);
    const words = parseHash(hash, this.#scratch);
    this.remove(id);
    this.#shard(gallery).add(id, words);
    this.#galleryOf.set(id, gallery);
  }

  addMany(entries: Iterable<HashEntry>): void {
    const list = [...entries];
    const words = new Uint32Array(list.length * HASH_WORDS);
    const seen = new Set<string>();
    // Validate everything first, so a bad entry leaves the index as it was.
    list.forEach((e, i) => {
      checkId(e.id, e.gallery);
      parseHash(e.hash, words, i * HASH_WORDS);
      if (seen.has(e.id)) fail('ABG_ERR_VALIDATION', `Duplicate id ${e.id} in one batch.`);
      seen.add(e.id);
    });
    list.forEach((e, i) => {
      this.remove(e.id);
      this.#shard(e.gallery).add(e.id, words, i * HASH_WORDS);
      this.#galleryOf.set(e.id, e.gallery);
    });
  }

  remove(id: string): boolean {
    const gallery = this.#galleryOf.get(id);
    if (gallery === undefined) return false;
    const shard = this.#shards.get(gallery)!;
    shard.remove(id);
    this.#galleryOf.delete(id);
    if (shard.count === 0) this.#shards.delete(gallery);
    return true;
  }

  async search(query: Hash256, k: number, filter?: GalleryFilter): Promise<HashHit[]> {
    checkK(k);
    return this.#gather(query, filter, (shard, q) => shard.nearest(q, k)).slice(0, k);
  }

  async searchRadius(query: Hash256, maxDistance: number, filter?: GalleryFilter): Promise<HashHit[]> {
    checkRadius(maxDistance);
    return this.#gather(query, filter, (shard, q) => shard.radius(q, maxDistance));
  }

  // The hits `hitsOf` finds in each selected shard, labelled with their gallery, nearest first.
  #gather(query: Hash256, filter: GalleryFilter | undefined, hitsOf: (shard: HashShard, q: Uint32Array) => ShardHashHit[]): HashHit[] {
    const q = parseHash(query);
    const hits: HashHit[] = [];
    for (const [gallery, shard] of this.#selected(filter)) {
      for (const h of hitsOf(shard, q)) hits.push({ id: h.id, gallery, distance: h.distance });
    }
    return hits.sort(byDistance);
  }

  async writePayload(out: PayloadWriter): Promise<void> {
    const header: HashHeader = { kind: this.kind, mihMinSize: this.mihMinSize ?? null, galleries: [...this.#shards.keys()] };
    out.writeJson(header);
    for (const shard of this.#shards.values()) shard.writePayload(out);
  }

  save(file: string): Promise<void> {
    return writeSnapshot(file, 0, (out) => this.writePayload(out));
  }

  async close(): Promise<void> {
    this.#shards.clear();
    this.#galleryOf.clear();
  }

  static async fromPayload(header: unknown, input: PayloadReader): Promise<HammingIndex> {
    const h = header as Partial<HashHeader>;
    if (!Array.isArray(h.galleries)) fail('ABG_ERR_SNAPSHOT_CORRUPT', 'Bad hash index header.');
    const index = new HammingIndex(
      h.kind === 'hamming-mih' ? { mode: 'mih', mihMinSize: h.mihMinSize ?? undefined } : { mode: 'linear' },
    );
    for (const gallery of h.galleries) {
      const shard = HashShard.read(input, index.mihMinSize);
      index.#shards.set(gallery, shard);
      for (const id of shard.ids()) index.#galleryOf.set(id, gallery);
    }
    return index;
  }

  *#selected(filter: GalleryFilter | undefined): Iterable<[string, HashShard]> {
    if (filter === undefined) {
      yield* this.#shards;
      return;
    }
    for (const g of new Set(filter)) {
      const s = this.#shards.get(g);
      if (s) yield [g, s];
    }
  }

  #shard(gallery: string): HashShard {
    let s = this.#shards.get(gallery);
    if (!s) this.#shards.set(gallery, (s = new HashShard(this.mihMinSize)));
    return s;
  }
}
