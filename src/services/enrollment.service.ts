// Enrollment into an agency's own face gallery: quality gate, encryption at rest, one transaction
// per sample (all of it or nothing), then the index and the log.
import type { Actor, Gallery } from '../domain/entities.ts';
import { AbgError, fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { CoreData, Provenance, Sample, Subject } from '../domain/workflow.ts';
import type { FaceQuality } from '../domain/face.ts';
import type { AnalysedFace } from './ports/face-engine.ts';
import type { Store } from '../store/store.ts';
import { ReleaseService } from './release.service.ts';
import { sealFileName, sealTemplate } from './sample-seal.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface EnrollItem {
  fileName: string;
  image: Uint8Array;
  subjectRef: string;
  coreData?: CoreData;
  provenance: Partial<Provenance> & { source: string };
}

export interface EnrollResult {
  file: string;
  ok: boolean;
  subjectRef: string;
  subjectId?: string;
  sampleId?: string;
  quality?: FaceQuality;
  warnings?: string[];
  /** Short reason for a refused item (e.g. no-face, quality-rejected), with its error code. */
  reason?: string;
  code?: string;
  details?: Record<string, unknown>;
  logIndex?: number;
}

export type Progress = (done: number, total: number, last: EnrollResult) => void;

/** Runs after an enrollment committed: the standing searches of circulated notices (person-notice.service.ts). */
export interface StandingSearches {
  afterEnrollment(galleryId: string, sample: { id: string; subjectId: string }, template: Float32Array): Promise<number>;
}

const reasonOf: Record<string, string> = {
  ABG_ERR_NO_FACE: 'no-face',
  ABG_ERR_QUALITY_TOO_LOW: 'quality-rejected',
  ABG_ERR_EMPTY_FILE: 'empty-file',
  ABG_ERR_IMAGE_TOO_LARGE: 'image-too-large',
  ABG_ERR_UNSUPPORTED_IMAGE: 'unsupported-image',
  ABG_ERR_CORRUPT_IMAGE: 'corrupt-image',
  ABG_ERR_SUBJECT_ERASED: 'subject-erased',
  ABG_ERR_VALIDATION: 'invalid',
  ABG_ERR_OBJECTION: 'objection',
  ABG_ERR_ONWARD_TRANSFER: 'onward-transfer',
};

export class EnrollmentService {
  private readonly releases: ReleaseService;

  constructor(private readonly deps: WorkflowDeps, releases?: ReleaseService, private readonly standing?: StandingSearches) {
    this.releases = releases ?? new ReleaseService(deps);
  }

  /** Enrolls items one by one; a refused item is reported and the batch goes on. */
  async enroll(actor: Actor, galleryId: string, items: EnrollItem[], onProgress?: Progress): Promise<EnrollResult[]> {
    const gallery = await this.ownFaceGallery(actor, galleryId);
    const results: EnrollResult[] = [];
    for (const item of items) {
      let r: EnrollResult;
      try {
        r = await this.enrollOne(actor, gallery, item);
      } catch (e) {
        if (!(e instanceof AbgError) || e.code === 'ABG_ERR_INTERNAL' || e.code === 'ABG_ERR_KEY_MISSING') throw e;
        r = { file: item.fileName, ok: false, subjectRef: item.subjectRef, reason: reasonOf[e.code] ?? e.code.toLowerCase(), code: e.code, ...(e.details ? { details: e.details } : {}) };
      }
      results.push(r);
      onProgress?.(results.length, items.length, r);
    }
    return results;
  }

  /** Subjects of a gallery of the actor's agency, as references (no personal data). */
  async listSubjects(actor: Actor, galleryId: string, o: { limit: number; offset: number; includeErased: boolean }) {
    const gallery = await this.deps.store.galleries.get(galleryId);
    if (!gallery || gallery.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${galleryId}.`);
    authorize(actor, 'subject.list', { type: 'gallery', agencyId: gallery.agencyId });
    const subjects = await this.deps.store.subjects.listByGallery(galleryId, o);
    return subjects.map((s) => ({ id: s.id, galleryId: s.galleryId, ref: s.ref, hasCoreData: s.sealedCoreData !== null, createdAt: s.createdAt, erasedAt: s.erasedAt, erasureReason: s.erasureReason }));
  }

  private async ownFaceGallery(actor: Actor, galleryId: string): Promise<Gallery> {
    const gallery = await this.deps.store.galleries.get(galleryId);
    if (!gallery || gallery.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Gallery ${galleryId}.`);
    authorize(actor, 'subject.enroll', { type: 'gallery', agencyId: gallery.agencyId });
    if (gallery.kind !== 'face' || !gallery.modelId) fail('ABG_ERR_VALIDATION', 'Faces are enrolled into face galleries only.');
    return gallery;
  }

  private async enrollOne(actor: Actor, gallery: Gallery, item: EnrollItem): Promise<EnrollResult> {
    const ref = item.subjectRef.trim();
    if (!ref || ref.length > 200) fail('ABG_ERR_VALIDATION', 'subjectRef must be 1–200 characters.');
    const faces = await this.deps.faces.analyse(item.image, { modelId: gallery.modelId! });
    if (faces.length === 0) fail('ABG_ERR_NO_FACE');
    const face = faces[0]!;
    if (face.quality.verdict === 'reject') fail('ABG_ERR_QUALITY_TOO_LOW', face.quality.reasons.join('; '), { quality: face.quality });
    // A new item that an objection reaches (a re-share of objected content) is refused or, in flag mode, recorded.
    const objection = await this.deps.objections?.checkNew(gallery.agencyId, item.image, face);
    if (objection && this.deps.objections!.onEnrollment === 'refuse') {
      await this.logItemRefusal(actor, gallery, 'ABG_ERR_OBJECTION', { type: 'objection', id: objection.objectionId }, objection.stage);
      fail('ABG_ERR_OBJECTION', `Caught by the ${objection.stage} stage of objection ${objection.objectionId}.`, { ...objection });
    }
    await this.refuseReleasedCopy(actor, gallery, item.image, face);
    const warnings = [...(faces.length > 1 ? [`${faces.length} faces found; the largest was enrolled`] : []), ...(face.quality.verdict === 'warn' ? face.quality.reasons : []),
      ...(objection ? [`under objection ${objection.objectionId} (${objection.stage} stage): excluded from the purposes it names`] : [])];
    const now = this.deps.now().toISOString();
    const { envelope } = this.deps;

    const { subject, sample, logIndex } = await this.deps.store.transaction(async (tx) => {
      // A re-embedding may have switched the gallery's model since the face was embedded.
      if ((await tx.galleries.get(gallery.id))?.modelId !== face.modelId) fail('ABG_ERR_CONFLICT', `Gallery ${gallery.id} moved onto another face model during this enrollment; enroll the image again.`);
      const subject = await this.subjectFor(tx, gallery, ref, item.coreData, now);
      const wrapped = await tx.subjects.wrappedKey(subject.id);
      if (!wrapped) fail('ABG_ERR_SUBJECT_ERASED');
      const key = envelope.unwrap(wrapped, `subject:${subject.id}`);
      const sampleId = this.deps.newId();
      const sample: Sample = {
        id: sampleId, subjectId: subject.id, galleryId: gallery.id,
        provenance: { source: item.provenance.source, captureDate: item.provenance.captureDate ?? null, legalBasis: item.provenance.legalBasis ?? gallery.legalBasis },
        sealedFileName: sealFileName(envelope, key, sampleId, item.fileName), quality: face.quality, modelId: face.modelId,
        sealedTemplate: sealTemplate(envelope, key, sampleId, face.embedding),
        sealedImage: envelope.seal(key, item.image, `image:${sampleId}`), createdAt: now,
      };
      await tx.samples.insert(sample);
      await tx.indexChanges.append('add', sample.id, gallery.id, now);
      if (objection) await this.deps.objections!.recordMatch(tx, objection, sample.id, gallery.id, now);
      const logIndex = await this.deps.audit.append({
        action: 'enrollment', actor, galleries: [gallery.id], object: { type: 'subject', id: subject.id }, decision: face.quality.verdict, result: { ids: [sampleId] },
      }, tx);
      return { subject, sample, logIndex };
    });
    await this.deps.index.sync();
    await this.standingSearches(actor, gallery, sample, face.embedding);
    return { file: item.fileName, ok: true, subjectRef: ref, subjectId: subject.id, sampleId: sample.id, quality: face.quality, warnings, logIndex };
  }

  /**
   * After the commit, so that an enrollment never fails because of a notice: a failed standing
   * search leaves a failed log entry and the enrollment stands.
   */
  private async standingSearches(actor: Actor, gallery: Gallery, sample: Sample, template: Float32Array): Promise<void> {
    if (!this.standing) return;
    try {
      await this.standing.afterEnrollment(gallery.id, sample, template);
    } catch (e) {
      const reason = e instanceof AbgError ? e.code : 'ABG_ERR_INTERNAL';
      await this.deps.store.transaction((tx) => this.deps.audit.append({ action: 'notice.standing-search', outcome: 'failed', reason, actor, galleries: [gallery.id], object: { type: 'sample', id: sample.id } }, tx)).catch(() => undefined);
    }
  }

  /**
   * A batch item refused by policy (an objection, a released image) leaves its own denied entry
   * naming what refused it: the batch itself succeeds, so the refusal wrapper never sees it.
   */
  private async logItemRefusal(actor: Actor, gallery: Gallery, reason: 'ABG_ERR_OBJECTION' | 'ABG_ERR_ONWARD_TRANSFER', object: { type: string; id: string }, stage: string): Promise<void> {
    await this.deps.store.transaction((tx) => this.deps.audit.append({ action: 'enrollment', outcome: 'denied', reason, actor, galleries: [gallery.id], object, decision: stage }, tx));
  }

  /** An image released by another agency, or a near copy of it, never enters this agency's gallery; the refusal is logged. */
  private async refuseReleasedCopy(actor: Actor, gallery: Gallery, image: Uint8Array, face: AnalysedFace): Promise<void> {
    const copy = await this.releases.copyOf(gallery.agencyId, image, face);
    if (!copy) return;
    await this.logItemRefusal(actor, gallery, 'ABG_ERR_ONWARD_TRANSFER', { type: 'release', id: copy.releaseId }, copy.stage);
    fail('ABG_ERR_ONWARD_TRANSFER', `A copy of release ${copy.releaseId} of agency ${copy.ownerAgencyId} (${copy.stage} stage): a released image is not passed on.`, { ...copy });
  }

  private async subjectFor(tx: Store, gallery: Gallery, ref: string, coreData: CoreData | undefined, now: string): Promise<Subject> {
    const existing = await tx.subjects.getByRef(gallery.id, ref);
    if (existing) {
      if (existing.erasedAt) fail('ABG_ERR_SUBJECT_ERASED', `Subject ${ref} was erased; enroll under a new reference.`);
      return existing;
    }
    const id = this.deps.newId();
    const key = this.deps.envelope.newDataKey(`subject:${id}`);
    const subject: Subject = {
      id, galleryId: gallery.id, ref,
      sealedCoreData: coreData && Object.keys(coreData).length > 0 ? this.deps.envelope.seal(key.plain, Buffer.from(JSON.stringify(coreData)), `core:${id}`) : null,
      createdAt: now, erasedAt: null, erasureReason: null,
    };
    await tx.subjects.insert(subject, key.wrapped);
    return subject;
  }
}
