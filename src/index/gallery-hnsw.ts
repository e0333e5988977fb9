// One gallery's HNSW index (usearch) beside its model's exact index, which keeps every template
// and stays the ground truth: it answers while the graph is built, and the graph's recall@k is
// measured against it on a sample of the gallery's own templates.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GalleryIndexSetting } from '../services/ports/template-index.ts';
import { PersistentIndex } from './persistent-index.ts';
import { UsearchIndex } from './usearch-index.ts';
import type { IndexChange, IndexChangeFeed, IndexLogger, VectorHit, VectorIndex } from './types.ts';

export type HnswSetting = Extract<GalleryIndexSetting, { kind: 'hnsw' }>;

/** The parameters an HNSW setting builds with (usearch's defaults where it names none). */
export function hnswParameters(s: HnswSetting): { M: number; efConstruction: number; efSearch: number } {
  return { M: s.M ?? 16, efConstruction: s.efConstruction ?? 128, efSearch: s.efSearch ?? 128 };
}

/** Keeps up to `size` of the gallery's templates as recall probes (reservoir sampling; removals leave). */
class ProbeReservoir {
  readonly probes = new Map<string, Float32Array>();
  #seen = 0;

  constructor(private readonly size: number) {}

  offer(c: IndexChange<ArrayLike<number>>): void {
    if (c.op === 'remove') {
      this.probes.delete(c.id);
      return;
    }
    this.#seen++;
    if (this.probes.size < this.size) this.probes.set(c.id, Float32Array.from(c.value!));
    else if (Math.random() * this.#seen < this.size) {
      const victim = [...this.probes.keys()][Math.floor(Math.random() * this.size)]!;
      this.probes.delete(victim);
      this.probes.set(c.id, Float32Array.from(c.value!));
    }
  }
}

/** The model feed restricted to one gallery, sampling probes as it passes. */
function galleryFeed(feed: IndexChangeFeed<ArrayLike<number>>, galleryId: string, reservoir: ProbeReservoir): IndexChangeFeed<ArrayLike<number>> {
  return {
    latestSeq: () => feed.latestSeq(),
    async *changesSince(seq) {
      for await (const c of feed.changesSince(seq)) {
        if (c.gallery !== galleryId) continue;
        reservoir.offer(c);
        yield c;
      }
    },
  };
}

export class GalleryHnsw {
  #reservoir: ProbeReservoir;
  #inFlight = 0;
  #idle: (() => void) | undefined;

  private constructor(readonly setting: HnswSetting, readonly index: PersistentIndex<VectorIndex>, reservoir: ProbeReservoir) {
    this.#reservoir = reservoir;
  }

  /** Builds the graph from the store's feed (every change of the gallery, from the start). */
  static async build(o: { setting: HnswSetting; galleryId: string; dimension: number; feed: IndexChangeFeed<ArrayLike<number>>; logger: IndexLogger; sample: number }): Promise<GalleryHnsw> {
    const reservoir = new ProbeReservoir(o.sample);
    const p = hnswParameters(o.setting);
    const index = await PersistentIndex.open<VectorIndex>({
      // No snapshot yet: the graph is rebuilt in the background on each start while the exact index answers.
      file: join(tmpdir(), `abgleich-no-snapshot-${process.pid}-${Date.now()}-${Math.random()}`),
      feed: galleryFeed(o.feed, o.galleryId, reservoir),
      create: () => new UsearchIndex({ dimension: o.dimension, connectivity: p.M, expansionAdd: p.efConstruction, expansionSearch: p.efSearch }),
      logger: o.logger,
    });
    return new GalleryHnsw(o.setting, index, reservoir);
  }

  /** Mean share of the exact top k (of this gallery) that the graph returns, over the sampled probes. */
  async recallAtK(exact: VectorIndex, galleryId: string, k: number): Promise<{ recallAtK: number; sample: number }> {
    let sum = 0;
    let n = 0;
    for (const probe of this.#reservoir.probes.values()) {
      const truth = await exact.search(probe, k, [galleryId]);
      if (truth.length === 0) continue;
      const got = new Set((await this.index.index.search(probe, k, [galleryId])).map((h) => h.id));
      sum += truth.filter((h) => got.has(h.id)).length / truth.length;
      n++;
    }
    return { recallAtK: n === 0 ? 1 : sum / n, sample: n };
  }

  /** The gallery's k nearest in the graph, caught up with the store first. */
  async search(query: Float32Array, k: number, galleryId: string): Promise<VectorHit[]> {
    this.#inFlight++;
    try {
      await this.index.catchUp();
      return await this.index.index.search(query, k, [galleryId]);
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#idle?.();
    }
  }

  /** Releases the graph once the searches in flight on it have finished. */
  async retire(): Promise<void> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    await this.index.close();
  }
}
