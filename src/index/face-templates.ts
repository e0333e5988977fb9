// Face template indexes, one per embedding model, each a snapshot-backed cache of the store.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store/store.ts';
import type { TemplateHit, TemplateIndex } from '../services/ports/template-index.ts';
import { PersistentIndex } from './persistent-index.ts';
import { createVectorIndex, type VectorIndexKindName } from './registry.ts';
import type { SnapshotKey } from './snapshot.ts';
import { StoreTemplateFeed, type TemplateOpener } from './store-feed.ts';
import type { IndexLogger, VectorIndex } from './types.ts';

export interface FaceTemplateIndexOptions {
  /** Folder for snapshot files; none keeps the indexes in memory only (rebuilt on start). */
  dir: string | null;
  /** Dimension of each model's templates. */
  dimensionOf: (modelId: string) => number;
  logger: IndexLogger;
  /** The index kind of a model (default: 'exact'). */
  kindOf?: (modelId: string) => VectorIndexKindName;
  /** Writes a snapshot after this many changes (default 1000). */
  checkpointEvery?: number;
  /** Opens the sealed templates of the store (they are sealed under their subject's key). */
  openTemplate: TemplateOpener;
  /** Seals the snapshot files; without it they are written in plain. */
  snapshotKey?: SnapshotKey;
}

export class FaceTemplateIndexes implements TemplateIndex {
  #open = new Map<string, Promise<PersistentIndex<VectorIndex>>>();
  #sinceCheckpoint = new Map<string, number>();

  #stopWaking: () => void;
  #waking: Promise<void> | undefined;
  #wakeAgain = false;

  constructor(private readonly store: Store, private readonly o: FaceTemplateIndexOptions) {
    // Another replica's commits wake the open indexes, so a search rarely has much to catch up.
    this.#stopWaking = store.indexChanges.onChange?.(() => this.#wake()) ?? (() => {});
  }

  #wake(): void {
    if (this.#waking) {
      this.#wakeAgain = true;
      return;
    }
    this.#waking = this.sync()
      .catch((e: unknown) => this.o.logger.warn({ err: String(e) }, 'index catch-up after a change notice failed; the next search catches up'))
      .finally(() => {
        this.#waking = undefined;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.#wake();
        }
      });
  }

  /** Opens (loads the snapshot and catches up) the index of a model, once. */
  index(modelId: string): Promise<PersistentIndex<VectorIndex>> {
    let p = this.#open.get(modelId);
    if (!p) {
      const dim = this.o.dimensionOf(modelId);
      // Without a folder the snapshot path is one that never exists and is never written (no checkpoint).
      const file = join(this.o.dir ?? tmpdir(), this.o.dir ? `face-${modelId.replace(/[^A-Za-z0-9._-]+/g, '_')}.snap` : `abgleich-no-snapshot-${process.pid}-${Date.now()}`);
      if (this.o.dir) mkdirSync(this.o.dir, { recursive: true });
      p = PersistentIndex.open<VectorIndex>({
        file,
        feed: new StoreTemplateFeed(this.store, modelId, this.o.openTemplate),
        create: () => createVectorIndex(this.o.kindOf?.(modelId) ?? 'exact', dim),
        logger: this.o.logger,
        ...(this.o.snapshotKey ? { key: this.o.snapshotKey } : {}),
      });
      this.#open.set(modelId, p);
    }
    return p;
  }

  async sync(): Promise<void> {
    for (const [modelId, p] of this.#open) {
      const idx = await p;
      const applied = await idx.catchUp();
      const n = (this.#sinceCheckpoint.get(modelId) ?? 0) + applied;
      if (this.o.dir && n >= (this.o.checkpointEvery ?? 1000)) {
        await idx.checkpoint();
        this.#sinceCheckpoint.set(modelId, 0);
      } else this.#sinceCheckpoint.set(modelId, n);
    }
  }

  /**
   * Rewrites the snapshots of the given models' indexes (opening them if need be) and of every open
   * one from the index as it is now, so a template removed from the store is gone from disk.
   */
  async purgeSnapshots(modelIds: readonly string[]): Promise<void> {
    if (!this.o.dir) return;
    for (const m of modelIds) void this.index(m);
    for (const [modelId, p] of this.#open) {
      const idx = await p;
      await idx.catchUp();
      await idx.checkpoint();
      this.#sinceCheckpoint.set(modelId, 0);
    }
  }

  async search(modelId: string, template: Float32Array, k: number, galleryIds: readonly string[]): Promise<TemplateHit[]> {
    const idx = await this.index(modelId);
    await idx.catchUp();
    const hits = await idx.index.search(template, k, galleryIds);
    return hits.map((h) => ({ sampleId: h.id, galleryId: h.gallery, score: h.score }));
  }

  /** Writes every open index's snapshot and releases it. */
  async close(): Promise<void> {
    this.#stopWaking();
    this.#wakeAgain = false;
    await this.#waking;
    for (const p of this.#open.values()) {
      const idx = await p;
      if (this.o.dir) await idx.checkpoint();
      await idx.close();
    }
    this.#open.clear();
  }
}
