// What the workflows need from a vector index over face templates. Implementations live in
// src/index; the store stays the source of truth: every change is first committed to the store's
// index change feed, and `sync` brings the index up to it.

export interface TemplateHit {
  sampleId: string;
  galleryId: string;
  score: number;
}

export interface TemplateIndex {
  /** Applies every committed change of the store's index feed (adds and removes). */
  sync(): Promise<void>;
  /** Rewrites the files of these models' indexes (and of every open one), so templates removed by `sync` leave the disk (after an erasure). */
  purgeSnapshots(modelIds: readonly string[]): Promise<void>;
  /** The k most similar templates of `modelId` among the given galleries. */
  search(modelId: string, template: Float32Array, k: number, galleryIds: readonly string[]): Promise<TemplateHit[]>;
  /** The index a gallery's searches of this model are answered from now. */
  indexStatus?(modelId: string, galleryId: string): GalleryIndexStatus;
}

/** How a gallery's templates are indexed: exact (the default) or an HNSW graph with its parameters. */
export type GalleryIndexSetting = { kind: 'exact' } | { kind: 'hnsw'; M?: number; efConstruction?: number; efSearch?: number };

/** The index a gallery's searches are answered from now, with the last recall@k measured for an HNSW one. */
export interface GalleryIndexStatus {
  kind: 'exact' | 'hnsw';
  /** Share of the exact scan's top k the HNSW index returned, averaged over the probes. */
  recallAtK?: number;
  k?: number;
  measuredAt?: string;
  /** Number of the gallery's own templates used as probes. */
  sample?: number;
  /** Set while another kind is being built in the background; searches use `kind` meanwhile. */
  building?: 'exact' | 'hnsw';
}

/** One recall measurement of an HNSW gallery index. */
export interface RecallMeasurement {
  modelId: string;
  galleryId: string;
  recallAtK: number;
  k: number;
  sample: number;
  measuredAt: string;
  M: number;
  efConstruction: number;
  efSearch: number;
}
