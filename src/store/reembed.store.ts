// Store interface of gallery re-embedding: one job per gallery with its progress marker, the second
// template set it fills, and the switch that makes the gallery's model the new one.

export type ReembedState = 'running' | 'switched' | 'failed';

export interface ReembedFailure {
  sampleId: string;
  code: string;
}

export interface ReembedJob {
  galleryId: string;
  fromModelId: string;
  modelId: string;
  state: ReembedState;
  /** The last sample id of the pass so far (id order); null before the first batch and for the pass over late samples. */
  cursor: string | null;
  /** Samples in the gallery when the job started. */
  total: number;
  /** Samples with a template on the new model. */
  done: number;
  failed: ReembedFailure[];
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface ReembedSample {
  id: string;
  subjectId: string;
  sealedImage: string;
}

export interface ReembedStore {
  /** Records a new job; a finished job of the gallery is replaced; ABG_ERR_CONFLICT while one runs. */
  start(job: ReembedJob): Promise<void>;
  get(galleryId: string): Promise<ReembedJob | undefined>;
  /** Galleries whose job has not finished (to resume on start). */
  running(): Promise<ReembedJob[]>;
  /** Samples of the gallery after `afterId` (id order) that have no template of the job yet. */
  pending(galleryId: string, afterId: string | null, limit: number): Promise<ReembedSample[]>;
  /** Keeps one batch's templates and moves the progress marker; call in the batch's transaction. */
  recordBatch(galleryId: string, modelId: string, templates: { sampleId: string; sealedTemplate: string }[], cursor: string | null, failed: ReembedFailure[]): Promise<void>;
  /** Samples of the gallery without a template of the job. */
  missing(galleryId: string): Promise<number>;
  /**
   * Gives every sample of the gallery its new template and model, the gallery its new model, drops
   * the second set and marks the job switched; returns the moved sample ids. Call in a transaction.
   */
  switchModel(galleryId: string, modelId: string, at: string): Promise<string[]>;
  /** Marks a running job failed. */
  fail(galleryId: string, failed: ReembedFailure[], at: string): Promise<void>;
}
