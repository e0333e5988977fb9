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
}
