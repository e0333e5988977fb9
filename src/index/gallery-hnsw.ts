// One gallery's HNSW index (usearch) beside its model's exact index, which keeps every template
// and stays the ground truth: it answers while the graph is built or loaded, and the graph's
// recall@k is measured against it on a sample of the gallery's own templates. The graph keeps a
// snapshot of its own, loaded on start and caught up from the store's feed; one that is missing,
// corrupt or of other parameters is rebuilt from the feed.
import type { GalleryIndexSetting } from '../services/ports/template-index.ts';
import type { AnyIndex } from './load.ts';
import { PersistentIndex } from './persistent-index.ts';
import type { SnapshotKey } from './snapshot.ts';
import { isVectorSource, type IndexChange, type IndexChangeFeed, type IndexLogger, type VectorEntry, type VectorHit, type VectorIndex } from './types.ts';
import { UsearchIndex } from './usearch-index.ts';

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
    if (this.probes.has(c.id)) {
      this.probes.set(c.id, Float32Array.from(c.value!));
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

  /** Starts over from these templates. */
  refill(entries: Iterable<VectorEntry>): void {
    this.probes.clear();
    this.#seen = 0;
    for (const e of entries) this.offer({ seq: 0, op: 'add', id: e.id, gallery: e.gallery, value: e.vector });
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

/** Whether a loaded graph was built as `wanted` would be (efSearch is a search-time setting and may differ). */
function sameGraph(loaded: AnyIndex, wanted: UsearchIndex): boolean {
  if (!(loaded instanceof UsearchIndex) || loaded.dimension !== wanted.dimension) return false;
  const a = loaded.settings;
  const b = wanted.settings;
  return a.connectivity === b.connectivity && a.expansionAdd === b.expansionAdd && a.quantization === b.quantization;
}

export interface GalleryHnswOptions {
  setting: HnswSetting;
  galleryId: string;
  dimension: number;
  /** The model's feed (every gallery); the graph takes its gallery's changes. */
  feed: IndexChangeFeed<ArrayLike<number>>;
  logger: IndexLogger;
  /** How many templates to keep as recall probes. */
  sample: number;
  /** The graph's snapshot file. */
  file: string;
  /** Seals the snapshot, as the model's snapshots are sealed. */
  key?: SnapshotKey;
}

export class GalleryHnsw {
  #reservoir: ProbeReservoir;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  #retired = false;

  private constructor(readonly setting: HnswSetting, readonly galleryId: string, readonly index: PersistentIndex<VectorIndex>, reservoir: ProbeReservoir) {
    this.#reservoir = reservoir;
  }

  /**
   * Loads the graph from its snapshot and catches it up with the feed; where the snapshot is
   * missing, corrupt, ahead of the store or of other parameters, builds it from the feed instead.
   */
  static async open(o: GalleryHnswOptions): Promise<GalleryHnsw> {
    const reservoir = new ProbeReservoir(o.sample);
    const p = hnswParameters(o.setting);
    const index = await PersistentIndex.open<VectorIndex>({
      file: o.file,
      feed: galleryFeed(o.feed, o.galleryId, reservoir),
      create: () => new UsearchIndex({ dimension: o.dimension, connectivity: p.M, expansionAdd: p.efConstruction, expansionSearch: p.efSearch }),
      compatible: (loaded, wanted) => sameGraph(loaded, wanted as UsearchIndex),
      tuning: { efSearch: p.efSearch },
      logger: o.logger,
      ...(o.key ? { key: o.key } : {}),
    });
    return new GalleryHnsw(o.setting, o.galleryId, index, reservoir);
  }

  /** Whether the graph came from its snapshot rather than a build. */
  get restored(): boolean {
    return this.index.restored;
  }

  get file(): string {
    return this.index.options.file;
  }

  /**
   * Draws the recall probes afresh from the gallery's templates in the model's index (after a
   * restore only the changes since the snapshot passed by). The model's index is caught up first,
   * so it is at least as far as the graph and no probe is a template already removed.
   */
  async drawProbes(model: PersistentIndex<VectorIndex>): Promise<void> {
    await model.catchUp();
    if (isVectorSource(model.index)) {
      this.#reservoir.refill(model.index.entriesOf(this.galleryId));
      return;
    }
    // An approximate model index keeps no vectors to hand back: sample the gallery's part of the feed, as a build does.
    this.#reservoir.refill([]);
    for await (const c of model.options.feed.changesSince(0)) {
      if (c.seq > model.seq) break;
      if (c.gallery === this.galleryId) this.#reservoir.offer(c);
    }
  }

  /** Mean share of the exact top k (of this gallery) that the graph returns, over the sampled probes. */
  async recallAtK(exact: VectorIndex, k: number): Promise<{ recallAtK: number; sample: number }> {
    let sum = 0;
    let n = 0;
    for (const probe of this.#reservoir.probes.values()) {
      const truth = await exact.search(probe, k, [this.galleryId]);
      if (truth.length === 0) continue;
      const got = new Set((await this.index.index.search(probe, k, [this.galleryId])).map((h) => h.id));
      sum += truth.filter((h) => got.has(h.id)).length / truth.length;
      n++;
    }
    return { recallAtK: n === 0 ? 1 : sum / n, sample: n };
  }

  /** The gallery's k nearest in the graph, caught up with the store first. */
  search(query: Float32Array, k: number): Promise<VectorHit[]> {
    return this.#using(async () => {
      await this.index.catchUp();
      return this.index.index.search(query, k, [this.galleryId]);
    });
  }

  /** Writes the graph's snapshot, caught up with the store first; nothing once retired. */
  async checkpoint(): Promise<void> {
    if (this.#retired) return;
    await this.#using(async () => {
      await this.index.catchUp();
      await this.index.checkpoint();
    });
  }

  /** Releases the graph once the searches and the checkpoint in flight on it have finished. */
  async retire(): Promise<void> {
    this.#retired = true;
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    await this.index.close();
  }

  async #using<T>(fn: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await fn();
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#idle?.();
    }
  }
}
