// Face template indexes, one per embedding model, each a snapshot-backed cache of the store, and
// beside them an HNSW graph for each gallery configured so, with a snapshot of its own.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../store/store.ts';
import type { GalleryIndexSetting, GalleryIndexStatus, RecallMeasurement, TemplateHit, TemplateIndex } from '../services/ports/template-index.ts';
import { GalleryHnsw, hnswParameters } from './gallery-hnsw.ts';
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
  /** Galleries indexed otherwise than exact, by gallery id (default: none). */
  galleryIndex?: Readonly<Record<string, GalleryIndexSetting>>;
  /** Templates of an HNSW gallery used as recall probes (default 200). */
  recallSample?: number;
  /** The k of a gallery's recall@k (default 10). */
  recallK?: (galleryId: string) => Promise<number> | number;
  /** Re-measures every HNSW gallery's recall this often, in ms (0 or none: only after each build). */
  recallEveryMs?: number;
  /** Told every recall measurement (the composition root records it in the log). */
  onRecall?: (m: RecallMeasurement) => Promise<void> | void;
}

interface GalleryEntry {
  live?: GalleryHnsw;
  recall?: Omit<RecallMeasurement, 'modelId' | 'galleryId'>;
  building?: { setting: GalleryIndexSetting; done: Promise<void> };
}

const sameSetting = (a: GalleryIndexSetting | undefined, b: GalleryIndexSetting | undefined) => JSON.stringify(a ?? { kind: 'exact' }) === JSON.stringify(b ?? { kind: 'exact' });

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
// '@' never survives fileSafe, so it tells a gallery's graph snapshot from a model's snapshot.
const GRAPH_FILE = /^face-[A-Za-z0-9._-]+@([A-Za-z0-9._-]+)\.hnsw\.snap$/;
const graphFileName = (modelId: string, galleryId: string) => `face-${fileSafe(modelId)}@${fileSafe(galleryId)}.hnsw.snap`;
const modelFileName = (modelId: string) => `face-${fileSafe(modelId)}.snap`;
/** Without a folder an index keeps no snapshot: a path that never exists and is never written. */
const noSnapshotFile = () => join(tmpdir(), `abgleich-no-snapshot-${process.pid}-${Date.now()}-${Math.random()}`);

export class FaceTemplateIndexes implements TemplateIndex {
  #open = new Map<string, Promise<PersistentIndex<VectorIndex>>>();
  #sinceCheckpoint = new Map<string, number>();

  #settings = new Map<string, GalleryIndexSetting>();
  #galleries = new Map<string, GalleryEntry>();
  #recallTimer: NodeJS.Timeout | undefined;
  #builds = new Set<Promise<void>>();
  /** Writes and deletions of each graph snapshot file, one after another. */
  #fileOps = new Map<string, Promise<void>>();

  #stopWaking: () => void;
  #waking: Promise<void> | undefined;
  #wakeAgain = false;

  constructor(private readonly store: Store, private readonly o: FaceTemplateIndexOptions) {
    // Another replica's commits wake the open indexes, so a search rarely has much to catch up.
    this.#stopWaking = store.indexChanges.onChange?.(() => this.#wake()) ?? (() => {});
    for (const [g, setting] of Object.entries(o.galleryIndex ?? {})) this.#settings.set(g, setting);
    // A graph snapshot of a gallery no longer configured as HNSW is of no use and holds templates.
    const graphs = new Set([...this.#settings].filter(([, s]) => s.kind === 'hnsw').map(([g]) => fileSafe(g)));
    for (const file of this.#graphFiles((g) => !graphs.has(g))) rmSync(file, { force: true });
    if (o.recallEveryMs) this.#recallTimer = setInterval(() => void this.measureRecall().catch((e: unknown) => o.logger.warn({ err: String(e) }, 'recall measurement failed')), o.recallEveryMs).unref();
  }

  /**
   * Indexes a gallery's templates as `setting` says. An HNSW graph is loaded from its snapshot or
   * built from the store in the background; searches keep answering from the index in use until it
   * is swapped in. Exact needs no build: the model's exact index always holds every template; the
   * gallery's graph snapshots are deleted.
   */
  setGalleryIndex(galleryId: string, setting: GalleryIndexSetting): void {
    this.#settings.set(galleryId, setting);
    for (const [key, entry] of this.#galleries) {
      const [modelId, g] = key.split('\0') as [string, string];
      if (g !== galleryId) continue;
      if (setting.kind === 'exact') {
        const old = entry.live;
        this.#galleries.set(key, {});
        void old?.retire();
      } else this.#route(modelId, galleryId);
    }
    if (setting.kind === 'exact') for (const file of this.#graphFiles((g) => g === fileSafe(galleryId))) void this.#onFile(file, async () => rmSync(file, { force: true }));
  }

  /** The index a gallery's searches of this model use now (starting its build when due). */
  indexStatus(modelId: string, galleryId: string): GalleryIndexStatus {
    const entry = this.#galleries.get(`${modelId}\0${galleryId}`);
    this.#route(modelId, galleryId);
    const building = this.#galleries.get(`${modelId}\0${galleryId}`)?.building ? { building: 'hnsw' as const } : {};
    if (!entry?.live) return { kind: 'exact', ...building };
    const r = entry.recall;
    return { kind: 'hnsw', ...(r ? { recallAtK: r.recallAtK, k: r.k, measuredAt: r.measuredAt, sample: r.sample } : {}), ...building };
  }

  /** Resolves when no gallery index is being built or loaded, and no graph snapshot written or deleted. */
  async settled(): Promise<void> {
    while (this.#builds.size > 0 || this.#fileOps.size > 0) await Promise.all([...this.#builds, ...this.#fileOps.values()]);
  }

  /** Measures the recall@k of every built HNSW gallery index against the exact scan. */
  async measureRecall(): Promise<void> {
    for (const key of this.#galleries.keys()) {
      const [modelId, galleryId] = key.split('\0') as [string, string];
      await this.#measure(modelId, galleryId);
    }
  }

  /** The HNSW index to search a gallery in, if one is built; starts a build the setting asks for. */
  #route(modelId: string, galleryId: string): GalleryHnsw | undefined {
    const setting = this.#settings.get(galleryId);
    if (!setting || setting.kind === 'exact') return undefined;
    const key = `${modelId}\0${galleryId}`;
    let entry = this.#galleries.get(key);
    if (!entry) this.#galleries.set(key, (entry = {}));
    const current = sameSetting(entry.live?.setting, setting) || sameSetting(entry.building?.setting, setting);
    if (!current) {
      const done = this.#build(key, modelId, galleryId, setting).finally(() => this.#builds.delete(done));
      this.#builds.add(done);
      entry.building = { setting, done };
    }
    return entry.live;
  }

  async #build(key: string, modelId: string, galleryId: string, setting: Extract<GalleryIndexSetting, { kind: 'hnsw' }>): Promise<void> {
    const file = this.#graphFile(modelId, galleryId);
    try {
      const model = await this.index(modelId);
      const built = await GalleryHnsw.open({
        setting, galleryId, dimension: model.index.dimension, feed: model.options.feed, logger: this.o.logger, sample: this.o.recallSample ?? 200, file,
        ...(this.o.snapshotKey ? { key: this.o.snapshotKey } : {}),
      });
      if (built.restored) await built.drawProbes(model);
      const entry = this.#galleries.get(key);
      if (!entry || !sameSetting(this.#settings.get(galleryId), setting) || entry.building?.setting !== setting) {
        await built.retire();
        return;
      }
      const old = entry.live;
      // The swap: one assignment; searches from here on use the new graph, those in flight finish on the old.
      this.#galleries.set(key, { live: built });
      await old?.retire();
      const how = built.restored ? 'loaded from its snapshot' : 'built';
      this.o.logger.info({ modelId, galleryId, size: built.index.index.size, restored: built.restored }, `gallery HNSW index ${how} and swapped in`);
      // A new graph is written at once, so the next start loads it instead of building it again.
      if (!built.restored) await this.#checkpointGraph(key, built).catch((e: unknown) => this.o.logger.warn({ modelId, galleryId, err: String(e) }, 'gallery HNSW snapshot not written; the next start builds the graph again'));
      await this.#measure(modelId, galleryId);
    } catch (e) {
      this.o.logger.warn({ modelId, galleryId, err: String(e) }, 'gallery HNSW build failed; the exact index keeps answering');
      const entry = this.#galleries.get(key);
      if (entry?.building?.setting === setting) delete entry.building;
      // Whatever the file holds was not brought up to date; it must not keep templates erased since.
      if (!entry?.live) await this.#onFile(file, async () => rmSync(file, { force: true }));
    }
  }

  /** The snapshot file of a gallery's graph (a path never written when there is no folder). */
  #graphFile(modelId: string, galleryId: string): string {
    return this.o.dir ? join(this.o.dir, graphFileName(modelId, galleryId)) : noSnapshotFile();
  }

  /** The graph snapshot files in the folder whose gallery part (file-safe) matches. */
  #graphFiles(gallery: (fileSafeId: string) => boolean): string[] {
    if (!this.o.dir || !existsSync(this.o.dir)) return [];
    return readdirSync(this.o.dir).flatMap((name) => {
      const m = GRAPH_FILE.exec(name);
      return m && gallery(m[1]!) ? [join(this.o.dir!, name)] : [];
    });
  }

  /** Runs `op` on a graph file after every earlier write or deletion of it. */
  #onFile(file: string, op: () => Promise<void>): Promise<void> {
    const next = (this.#fileOps.get(file) ?? Promise.resolve()).then(op);
    const settledOp = next.catch(() => {});
    this.#fileOps.set(file, settledOp);
    void settledOp.then(() => this.#fileOps.get(file) === settledOp && this.#fileOps.delete(file));
    return next;
  }

  /**
   * Writes a graph's snapshot, unless it is no longer the gallery's graph by then. A graph without
   * templates (its gallery emptied, or re-embedded onto another model) keeps no file: the next
   * start would only load an empty graph, and building one costs nothing.
   */
  #checkpointGraph(key: string, graph: GalleryHnsw): Promise<void> {
    if (!this.o.dir) return Promise.resolve();
    return this.#onFile(graph.file, async () => {
      if (this.#galleries.get(key)?.live !== graph) return;
      if (graph.index.index.size === 0) rmSync(graph.file, { force: true });
      else await graph.checkpoint();
    });
  }

  /** Writes the snapshots of a model's gallery graphs (with its own, so they cover the same changes). */
  async #checkpointGraphs(modelId: string): Promise<void> {
    for (const [key, entry] of this.#galleries) if (entry.live && key.startsWith(`${modelId}\0`)) await this.#checkpointGraph(key, entry.live);
  }

  async #measure(modelId: string, galleryId: string): Promise<void> {
    const entry = this.#galleries.get(`${modelId}\0${galleryId}`);
    const live = entry?.live;
    if (!entry || !live) return;
    const k = (await this.o.recallK?.(galleryId)) ?? 10;
    const model = await this.index(modelId);
    await model.catchUp();
    await live.index.catchUp();
    const { recallAtK, sample } = await live.recallAtK(model.index, k);
    const measurement: RecallMeasurement = { modelId, galleryId, recallAtK, k, sample, measuredAt: new Date().toISOString(), ...hnswParameters(live.setting) };
    if (this.#galleries.get(`${modelId}\0${galleryId}`)?.live !== live) return;
    entry.recall = measurement;
    await this.o.onRecall?.(measurement);
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
      const file = this.o.dir ? join(this.o.dir, modelFileName(modelId)) : noSnapshotFile();
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
        await this.#checkpointGraphs(modelId);
        this.#sinceCheckpoint.set(modelId, 0);
      } else this.#sinceCheckpoint.set(modelId, n);
    }
    for (const entry of this.#galleries.values()) await entry.live?.index.catchUp();
  }

  /**
   * Rewrites the snapshots of the given models' indexes (opening them if need be) and of every open
   * one from the index as it is now, so a template removed from the store is gone from disk; the
   * same for the gallery graphs, loading those whose snapshot is on disk but not yet in memory.
   */
  async purgeSnapshots(modelIds: readonly string[]): Promise<void> {
    if (!this.o.dir) return;
    for (const m of modelIds) {
      void this.index(m);
      for (const [g, setting] of this.#settings) if (setting.kind === 'hnsw' && existsSync(this.#graphFile(m, g))) this.#route(m, g);
    }
    // A graph being built or loaded writes its snapshot (or deletes it) when it is done.
    await this.settled();
    for (const [modelId, p] of this.#open) {
      const idx = await p;
      await idx.catchUp();
      await idx.checkpoint();
      await this.#checkpointGraphs(modelId);
      this.#sinceCheckpoint.set(modelId, 0);
    }
  }

  async search(modelId: string, template: Float32Array, k: number, galleryIds: readonly string[]): Promise<TemplateHit[]> {
    const idx = await this.index(modelId);
    await idx.catchUp();
    const graphs = galleryIds.map((g) => [g, this.#route(modelId, g)] as const);
    const exactGalleries = graphs.filter(([, h]) => !h).map(([g]) => g);
    const hits = exactGalleries.length > 0 || galleryIds.length === 0 ? await idx.index.search(template, k, exactGalleries) : [];
    for (const [, graph] of graphs) if (graph) hits.push(...(await graph.search(template, k)));
    if (exactGalleries.length < galleryIds.length) hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, k).map((h) => ({ sampleId: h.id, galleryId: h.gallery, score: h.score }));
  }

  /** Writes every open index's snapshot and releases it. */
  async close(): Promise<void> {
    this.#stopWaking();
    clearInterval(this.#recallTimer);
    this.#wakeAgain = false;
    await this.#waking;
    await this.settled();
    for (const [modelId, p] of this.#open) {
      await p;
      await this.#checkpointGraphs(modelId);
    }
    for (const entry of this.#galleries.values()) await entry.live?.retire();
    this.#galleries.clear();
    await Promise.all(this.#fileOps.values());
    for (const p of this.#open.values()) {
      const idx = await p;
      if (this.o.dir) await idx.checkpoint();
      await idx.close();
    }
    this.#open.clear();
  }
}
