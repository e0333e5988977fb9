// Re-embedding a gallery onto another face model: each stored image is opened and embedded again
// into a second template set, batch by batch (templates and progress marker in one transaction, so
// a killed process resumes where the last batch committed); searches stay on the old model until
// one transaction moves every sample, the gallery and the index feed onto the new one.
import type { Actor, Gallery } from '../domain/entities.ts';
import { AbgError, fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { ReembedFailure, ReembedJob, ReembedSample } from '../store/reembed.store.ts';
import { sealTemplate, subjectKey } from './sample-seal.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface ReembedProgress {
  galleryId: string;
  fromModelId: string;
  modelId: string;
  state: ReembedJob['state'];
  done: number;
  total: number;
  failed: ReembedFailure[];
  startedAt: string;
  finishedAt: string | null;
}

export interface ReembedOptions {
  /** Samples per committed batch (default 32). */
  batch?: number;
  /** Told when a background job stops on an error that is not a sample's. */
  onError?: (galleryId: string, e: unknown) => void;
}

export class ReembedService {
  readonly #runs = new Map<string, Promise<void>>();
  #stopping = false;

  constructor(private readonly deps: WorkflowDeps, private readonly o: ReembedOptions = {}) {}

  /** Starts re-embedding a gallery of the actor's agency onto `modelId`; the job runs in the background. */
  async start(actor: Actor, galleryId: string, modelId: string): Promise<ReembedProgress> {
    const gallery = await this.ownGallery(actor, galleryId);
    authorize(actor, 'gallery.update', { type: 'gallery', agencyId: gallery.agencyId });
    if (gallery.kind !== 'face' || !gallery.modelId) fail('ABG_ERR_VALIDATION', 'Only a face gallery has a model to re-embed.');
    if (!this.deps.faces.models().includes(modelId)) fail('ABG_ERR_UNKNOWN_MODEL', `"${modelId}"; available: ${this.deps.faces.models().join(', ')}.`);
    if (modelId === gallery.modelId) fail('ABG_ERR_REEMBED_SAME_MODEL', `Gallery ${galleryId} is on ${modelId} already.`);
    this.refuseUncalibrated(modelId);
    // The gallery's threshold must be one the new calibration can state, or no search could run after the switch.
    this.deps.faces.scoreAtFmr(modelId, gallery.thresholdFmr);
    const now = this.deps.now().toISOString();
    const job: ReembedJob = {
      galleryId, fromModelId: gallery.modelId, modelId, state: 'running', cursor: null, total: await this.deps.store.samples.countByGallery(galleryId),
      done: 0, failed: [], startedBy: actor.userId, startedAt: now, finishedAt: null,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.reembeds.start(job);
      await this.deps.audit.append({ action: 'gallery.reembed.started', actor, galleries: [galleryId], object: { type: 'gallery', id: galleryId }, decision: modelId, result: { ids: [gallery.modelId!] } }, tx);
    });
    this.launch(galleryId);
    return view(job);
  }

  /** The progress of the gallery's latest re-embedding. */
  async progress(actor: Actor, galleryId: string): Promise<ReembedProgress> {
    const gallery = await this.ownGallery(actor, galleryId);
    authorize(actor, 'gallery.read', { type: 'gallery', agencyId: gallery.agencyId });
    const job = await this.deps.store.reembeds.get(galleryId);
    if (!job) fail('ABG_ERR_NOT_FOUND', `No re-embedding of gallery ${galleryId}.`);
    return view(job, job.state === 'running' ? await this.deps.store.samples.countByGallery(galleryId) : undefined);
  }

  /** Resumes every unfinished job that no process runs now (on start, then now and then); returns their gallery ids. */
  async resume(): Promise<string[]> {
    const jobs = await this.deps.store.reembeds.running();
    for (const j of jobs) this.launch(j.galleryId);
    return jobs.map((j) => j.galleryId);
  }

  /** Resolves when the gallery's background job (if one runs in this process) has stopped. */
  async settled(galleryId?: string): Promise<void> {
    await Promise.allSettled(galleryId ? [this.#runs.get(galleryId)] : [...this.#runs.values()]);
  }

  /** Lets running jobs end after their current batch (before the store closes); they resume on the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.settled();
  }

  // A job runs in one process at a time: replicas on one database each try the gallery's job lock,
  // and the others leave the job to the holder (and pick it up on a later resume if it dies).
  private launch(galleryId: string): void {
    if (this.#runs.has(galleryId) || this.#stopping) return;
    const run = this.deps.store.exclusive(`reembed:${galleryId}`, () => this.run(galleryId))
      .then(() => undefined)
      .catch((e: unknown) => this.o.onError?.(galleryId, e))
      .finally(() => this.#runs.delete(galleryId));
    this.#runs.set(galleryId, run);
  }

  /** Embeds batch after batch, then switches; each step can be cut off and run again. */
  private async run(galleryId: string): Promise<void> {
    const size = this.o.batch ?? 32;
    while (!this.#stopping) {
      const job = await this.deps.store.reembeds.get(galleryId);
      if (!job || job.state !== 'running') return;
      const batch = await this.deps.store.reembeds.pending(galleryId, job.cursor, size);
      if (batch.length > 0) {
        await this.embedBatch(job, batch);
        continue;
      }
      if (job.failed.length > 0) return this.failJob(job, job.failed);
      // Samples enrolled behind the cursor during the pass get a second pass from the start.
      if (job.cursor !== null && (await this.deps.store.reembeds.missing(galleryId)) > 0) {
        await this.deps.store.transaction((tx) => tx.reembeds.recordBatch(galleryId, job.modelId, [], null, []));
        continue;
      }
      if (await this.switchOver(job)) return;
    }
  }

  private async embedBatch(job: ReembedJob, batch: ReembedSample[]): Promise<void> {
    const templates: { sampleId: string; sealedTemplate: string }[] = [];
    const failed: ReembedFailure[] = [];
    for (const s of batch) {
      try {
        const key = await subjectKey(this.deps.store, this.deps.envelope, s.subjectId);
        if (!key) continue; // erased meanwhile: its sample is gone with it
        const image = this.deps.envelope.open(key, s.sealedImage, `image:${s.id}`);
        const faces = await this.deps.faces.analyse(image, { modelId: job.modelId });
        if (faces.length === 0) fail('ABG_ERR_NO_FACE');
        templates.push({ sampleId: s.id, sealedTemplate: sealTemplate(this.deps.envelope, key, s.id, faces[0]!.embedding) });
      } catch (e) {
        if (!(e instanceof AbgError) || e.code === 'ABG_ERR_KEY_MISSING' || e.code === 'ABG_ERR_FACE_TIMEOUT' || e.code === 'ABG_ERR_FACE_WORKER_FAILED') throw e;
        failed.push({ sampleId: s.id, code: e.code });
      }
    }
    await this.deps.store.transaction((tx) => tx.reembeds.recordBatch(job.galleryId, job.modelId, templates, batch[batch.length - 1]!.id, failed));
  }

  /** The one transaction that moves the gallery; false when a sample still lacks its new template. */
  private async switchOver(job: ReembedJob): Promise<boolean> {
    this.refuseUncalibrated(job.modelId);
    const now = this.deps.now().toISOString();
    const moved = await this.deps.store.transaction(async (tx) => {
      if ((await tx.reembeds.missing(job.galleryId)) > 0) return undefined;
      const ids = await tx.reembeds.switchModel(job.galleryId, job.modelId, now);
      for (const id of ids) await tx.indexChanges.append('remove', id, job.galleryId, now);
      for (const id of ids) await tx.indexChanges.append('add', id, job.galleryId, now);
      await this.deps.audit.append({ action: 'gallery.reembed.switched', actor: null, systemAgencyId: await this.agencyOf(tx, job.galleryId), galleries: [job.galleryId], object: { type: 'gallery', id: job.galleryId }, decision: job.modelId, result: { ids: [job.fromModelId], counts: { samples: ids.length } } }, tx);
      return ids;
    });
    if (!moved) return false;
    await this.deps.index.sync();
    await this.deps.index.purgeSnapshots([job.fromModelId, job.modelId]);
    return true;
  }

  private async failJob(job: ReembedJob, failed: ReembedFailure[]): Promise<void> {
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await tx.reembeds.fail(job.galleryId, failed, now);
      await this.deps.audit.append({ action: 'gallery.reembed.failed', outcome: 'failed', actor: null, systemAgencyId: await this.agencyOf(tx, job.galleryId), galleries: [job.galleryId], object: { type: 'gallery', id: job.galleryId }, decision: job.modelId, result: { ids: failed.map((f) => f.sampleId), counts: { failed: failed.length } } }, tx);
    });
  }

  private async agencyOf(tx: WorkflowDeps['store'], galleryId: string): Promise<string> {
    return (await tx.galleries.get(galleryId))?.agencyId ?? fail('ABG_ERR_NOT_FOUND', `Gallery ${galleryId}.`);
  }

  private refuseUncalibrated(modelId: string): void {
    if (this.deps.faces.describe?.(modelId).calibration === null) {
      fail('ABG_ERR_MODEL_UNCALIBRATED', `${modelId}: a gallery moves only onto a calibrated model; calibrate it first (abgleich model calibrate).`);
    }
  }

  private async ownGallery(actor: Actor, galleryId: string): Promise<Gallery> {
    const g = await this.deps.store.galleries.get(galleryId);
    if (!g || g.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${galleryId}.`);
    return g;
  }
}

function view(j: ReembedJob, total?: number): ReembedProgress {
  return { galleryId: j.galleryId, fromModelId: j.fromModelId, modelId: j.modelId, state: j.state, done: j.done, total: Math.max(total ?? j.total, j.done), failed: j.failed, startedAt: j.startedAt, finishedAt: j.finishedAt };
}
