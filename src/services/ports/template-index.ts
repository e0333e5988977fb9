// What the workflows need from a vector index over face templates. Implementations live in
// src/index; the store stays the source of truth and the index is rebuilt from it when in doubt.

export interface TemplateHit {
  sampleId: string;
  galleryId: string;
  score: number;
}

export interface TemplateIndex {
  add(sampleId: string, galleryId: string, template: Float32Array): Promise<void>;
  remove(sampleId: string): Promise<void>;
  /** The k most similar templates among the given galleries. */
  search(template: Float32Array, k: number, galleryIds: readonly string[]): Promise<TemplateHit[]>;
}
