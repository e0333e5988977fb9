// Two-person review of potential hits, and what an examiner may see while deciding.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { agreementStatus } from '../domain/agreement.ts';
import { hitOutcome, type Hit, type HitState, type Review, type ReviewDecision, type Sample } from '../domain/workflow.ts';
import type { FaceGeometry } from './ports/face-engine.ts';
import { ReleaseService } from './release.service.ts';
import { geometryOf } from './search.service.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

/** A hit as the requester sees it: opaque, never the owner's record ids. */
export interface HitView {
  hitId: string;
  searchId: string;
  galleryId: string;
  score: number;
  fmrAtScore: number;
  rank: number;
  aboveThreshold: boolean;
  state: HitState;
  reviewsRequired: number;
  reviews: { examinerId: string; decision: ReviewDecision; note: string; createdAt: string }[];
  purpose: string;
  caseRef: string;
  mode: string;
  /** Whether the agreement lets examiners see the gallery image; if not, only its quality is shown. */
  candidateImageAllowed: boolean;
  candidateQuality: { score: number; verdict: string };
  createdAt: string;
  decidedAt: string | null;
}

export class ReviewService {
  private readonly releases: ReleaseService;

  constructor(private readonly deps: WorkflowDeps, releases?: ReleaseService) {
    this.releases = releases ?? new ReleaseService(deps);
  }

  async list(actor: Actor, state?: HitState): Promise<HitView[]> {
    authorize(actor, 'hit.read', { type: 'exchange', ownerAgencyId: '', requesterAgencyId: actor.agencyId });
    const hits = await this.deps.store.hits.listForRequester(actor.agencyId, state);
    return Promise.all(hits.map((h) => this.view(h)));
  }

  async get(actor: Actor, hitId: string): Promise<HitView> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.read', exchange(hit));
    return this.view(hit);
  }

  async decide(actor: Actor, hitId: string, decision: ReviewDecision, note: string): Promise<{ hit: HitView; logIndex: number }> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.review', exchange(hit));
    if (!note.trim()) fail('ABG_ERR_VALIDATION', 'A note is required with every decision.');
    const now = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      const current = (await tx.hits.get(hitId))!;
      if (current.state !== 'pending') fail('ABG_ERR_HIT_NOT_PENDING', `State: ${current.state}.`);
      const reviews = await tx.reviews.listByHit(hitId);
      if (reviews.some((r) => r.examinerId === actor.userId)) fail('ABG_ERR_DUPLICATE_REVIEW');
      const review: Review = { id: this.deps.newId(), hitId, examinerId: actor.userId, decision, note: note.trim(), createdAt: now };
      await tx.reviews.insert(review);
      const outcome = hitOutcome([...reviews, review].map((r) => r.decision), current.reviewsRequired);
      if (outcome) {
        if (!(await tx.hits.decide(hitId, outcome, now))) fail('ABG_ERR_HIT_NOT_PENDING');
        if (outcome === 'confirmed') {
          await tx.notifications.insert({
            id: this.deps.newId(), agencyId: current.ownerAgencyId, kind: 'hit.confirmed', createdAt: now, readAt: null,
            payload: { hitId, galleryId: current.galleryId, requesterAgencyId: current.requesterAgencyId, subjectId: current.subjectId },
          });
        }
      }
      const search = (await tx.searches.get(current.searchId))!;
      const common = { actor, purpose: search.purpose, caseRef: search.caseRef, galleries: [current.galleryId], object: { type: 'hit', id: hitId } };
      const all = [...reviews, review].map((r) => ({ reviewer: r.examinerId, decision: r.decision }));
      const index = await this.deps.audit.append({ ...common, action: 'review.decision', decision, reviews: [{ reviewer: actor.userId, decision }] }, tx);
      return outcome ? this.deps.audit.append({ ...common, action: 'hit.concluded', decision: outcome, reviews: all }, tx) : index;
    });
    return { hit: await this.view((await this.deps.store.hits.get(hitId))!), logIndex };
  }

  /** The probe the requester submitted, for its own examiners. */
  async probeImage(actor: Actor, hitId: string): Promise<Buffer> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.probe-image', exchange(hit));
    const search = (await this.deps.store.searches.get(hit.searchId))!;
    if (!search.sealedProbe || !search.probeKey) fail('ABG_ERR_NOT_FOUND', 'The probe image is no longer kept.');
    const key = this.deps.envelope.unwrap(search.probeKey, `search:${search.id}`);
    return this.deps.envelope.open(key, search.sealedProbe, `probe:${search.id}`);
  }

  /**
   * The gallery image, only where the agreement allows it (always within the owner's own agency);
   * to another agency marked and recorded as a release (see ReleaseService).
   */
  async candidateImage(actor: Actor, hitId: string): Promise<{ bytes: Uint8Array; mediaType: string; releaseId: string | null }> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.candidate-image', exchange(hit));
    if (!(await this.imageAllowed(hit))) fail('ABG_ERR_FORBIDDEN', "The owner's agreement does not show gallery images to your examiners.");
    const { sample, image } = await this.openSample(hit);
    return this.releases.candidateImage(actor, hit, sample, image);
  }

  /**
   * Box and landmarks of the compared faces, found again in the kept images, for the examiner's
   * overlay. The candidate's only where its image may be shown; nothing else about it.
   */
  async faces(actor: Actor, hitId: string): Promise<{ probe: FaceGeometry | null; candidate: FaceGeometry | null }> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.probe-image', exchange(hit));
    const gallery = await this.deps.store.galleries.get(hit.galleryId);
    const modelId = gallery?.modelId;
    if (!modelId) return { probe: null, candidate: null };
    const locate = async (image: Uint8Array) => {
      const [face] = await this.deps.faces.analyse(image, { modelId });
      return face ? geometryOf(face) : null;
    };
    const search = (await this.deps.store.searches.get(hit.searchId))!;
    const probe = search.sealedProbe ? await locate(await this.probeImage(actor, hitId)) : null;
    const candidate = (await this.imageAllowed(hit)) ? await locate((await this.openSample(hit)).image) : null;
    return { probe, candidate };
  }

  private async openSample(hit: Hit): Promise<{ sample: Sample; image: Buffer }> {
    const sample = await this.deps.store.samples.get(hit.sampleId);
    const wrapped = sample && (await this.deps.store.subjects.wrappedKey(sample.subjectId));
    if (!sample || !wrapped) fail('ABG_ERR_SUBJECT_ERASED');
    const key = this.deps.envelope.unwrap(wrapped, `subject:${sample.subjectId}`);
    return { sample, image: this.deps.envelope.open(key, sample.sealedImage, `image:${sample.id}`) };
  }

  private async imageAllowed(hit: Hit): Promise<boolean> {
    if (!hit.agreementId) return true;
    const a = await this.deps.store.agreements.get(hit.agreementId);
    return Boolean(a && a.showImages && agreementStatus(a, this.deps.now()) === 'active');
  }

  private async visibleHit(actor: Actor, hitId: string): Promise<Hit> {
    const hit = await this.deps.store.hits.get(hitId);
    // Hits belong to the requester's case; to anyone else they do not exist.
    if (!hit || hit.requesterAgencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Hit ${hitId}.`);
    return hit;
  }

  private async view(h: Hit): Promise<HitView> {
    const [search, reviews, sample] = await Promise.all([this.deps.store.searches.get(h.searchId), this.deps.store.reviews.listByHit(h.id), this.deps.store.samples.get(h.sampleId)]);
    return {
      hitId: h.id, searchId: h.searchId, galleryId: h.galleryId, score: h.score, fmrAtScore: h.fmr, rank: h.rank, aboveThreshold: h.aboveThreshold,
      state: h.state, reviewsRequired: h.reviewsRequired,
      reviews: reviews.map((r) => ({ examinerId: r.examinerId, decision: r.decision, note: r.note, createdAt: r.createdAt })),
      purpose: search?.purpose ?? '', caseRef: search?.caseRef ?? '', mode: search?.mode ?? '',
      candidateImageAllowed: await this.imageAllowed(h),
      candidateQuality: sample ? { score: sample.quality.score, verdict: sample.quality.verdict } : { score: 0, verdict: 'erased' },
      createdAt: h.createdAt, decidedAt: h.decidedAt,
    };
  }
}

export const exchange = (h: { ownerAgencyId: string; requesterAgencyId: string }) => ({ type: 'exchange' as const, ownerAgencyId: h.ownerAgencyId, requesterAgencyId: h.requesterAgencyId });
