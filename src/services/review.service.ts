// Two-person review of potential hits, and what an examiner may see while deciding.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { agreementStatus } from '../domain/agreement.ts';
import { hitOutcome, isSplit, type Hit, type HitState, type Review, type ReviewDecision, type Sample } from '../domain/workflow.ts';
import type { LogEntryInput } from '../domain/log-entry.ts';
import { reviewsSeenBy, type HitView } from './hit-view.ts';
import type { FaceGeometry } from './ports/face-engine.ts';
import { ReleaseService } from './release.service.ts';
import { geometryOf } from './search.service.ts';
import { requireUnrestricted } from './recipient-notices.ts';
import { recordNoticeAnswer } from './person-notice-answers.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export type { HitView } from './hit-view.ts';

export interface DecideOptions {
  /** Required with a match on a hit whose score is below the gallery's threshold (investigation mode). */
  acknowledgeBelowThreshold?: boolean;
}

export class ReviewService {
  private readonly releases: ReleaseService;

  constructor(private readonly deps: WorkflowDeps, releases?: ReleaseService) {
    this.releases = releases ?? new ReleaseService(deps);
  }

  async list(actor: Actor, state?: HitState): Promise<HitView[]> {
    authorize(actor, 'hit.read', { type: 'exchange', ownerAgencyId: '', requesterAgencyId: actor.agencyId });
    const hits = await this.deps.store.hits.listForRequester(actor.agencyId, state);
    return Promise.all(hits.map((h) => this.view(h, actor)));
  }

  async get(actor: Actor, hitId: string): Promise<HitView> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.read', exchange(hit));
    return this.view(hit, actor);
  }

  /**
   * One examiner's decision. Two different examiners decide blind (unless the agency allows one);
   * a split between match and no-match goes to a third examiner where the agency says so.
   */
  async decide(actor: Actor, hitId: string, decision: ReviewDecision, note: string, options: DecideOptions = {}): Promise<{ hit: HitView; logIndex: number }> {
    const hit = await this.visibleHit(actor, hitId);
    authorize(actor, 'hit.review', exchange(hit));
    if (!note.trim()) fail('ABG_ERR_VALIDATION', 'A note is required with every decision.');
    const logIndex = await this.deps.store.transaction(async (tx) => {
      const current = (await tx.hits.lock(hitId))!;
      if (current.state !== 'pending') fail('ABG_ERR_HIT_NOT_PENDING', `State: ${current.state}.`);
      const reviews = await tx.reviews.listByHit(hitId);
      if (reviews.some((r) => r.examinerId === actor.userId)) {
        fail('ABG_ERR_DUPLICATE_REVIEW', reviews.length >= current.reviewsRequired ? 'The examiners split; a third, different examiner decides.' : undefined);
      }
      const belowThreshold = decision === 'match' && !current.aboveThreshold;
      if (belowThreshold && options.acknowledgeBelowThreshold !== true) {
        fail('ABG_ERR_ACKNOWLEDGEMENT_REQUIRED', `The score ${current.score.toFixed(3)} is below the gallery's threshold; send acknowledgeBelowThreshold: true to confirm a match anyway.`);
      }
      const review: Review = {
        id: this.deps.newId(), hitId, examinerId: actor.userId, decision, note: note.trim(), belowThresholdAcknowledged: belowThreshold, createdAt: reviewTime(this.deps.now(), reviews),
      };
      await tx.reviews.insert(review);
      const all = [...reviews, review];
      const decisions = all.map((r) => r.decision);
      const outcome = hitOutcome(decisions, current.reviewsRequired, current.onDisagreement);
      if (outcome) {
        if (!(await tx.hits.decide(hitId, outcome, review.createdAt))) fail('ABG_ERR_HIT_NOT_PENDING');
        if (outcome === 'confirmed') {
          await tx.notifications.insert({
            id: this.deps.newId(), agencyId: current.ownerAgencyId, kind: 'hit.confirmed', createdAt: review.createdAt, readAt: null,
            payload: { hitId, galleryId: current.galleryId, requesterAgencyId: current.requesterAgencyId, subjectId: current.subjectId },
          });
        }
        await recordNoticeAnswer(this.deps, tx, actor, { ...current, state: outcome }, review.createdAt);
      }
      const search = (await tx.searches.get(current.searchId))!;
      const common = { actor, purpose: search.purpose, caseRef: search.caseRef, galleries: [current.galleryId], object: { type: 'hit', id: hitId } };
      const logged = all.map((r, i) => loggedReview(r, i >= current.reviewsRequired));
      const index = await this.deps.audit.append({ ...common, action: 'review.decision', decision, reviews: [logged[logged.length - 1]!] }, tx);
      if (outcome) return this.deps.audit.append({ ...common, action: 'hit.concluded', decision: outcome, reviews: logged }, tx);
      if (all.length === current.reviewsRequired && isSplit(decisions, current.reviewsRequired)) {
        // The split is on record, and that a third examiner settles it; who decided what stays blind until then.
        return this.deps.audit.append({ ...common, action: 'hit.disagreement', decision: current.onDisagreement, reviews: logged }, tx);
      }
      return index;
    });
    return { hit: await this.view((await this.deps.store.hits.get(hitId))!, actor), logIndex };
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
    if (hit.ownerAgencyId !== actor.agencyId) await requireUnrestricted(this.deps.store, actor.agencyId, hit.subjectId);
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
    if (await this.deps.store.recipientNotices.restricted(hit.requesterAgencyId, hit.subjectId)) return false;
    const a = await this.deps.store.agreements.get(hit.agreementId);
    return Boolean(a && a.showImages && agreementStatus(a, this.deps.now()) === 'active');
  }

  private async visibleHit(actor: Actor, hitId: string): Promise<Hit> {
    const hit = await this.deps.store.hits.get(hitId);
    // Hits belong to the requester's case; to anyone else they do not exist.
    if (!hit || hit.requesterAgencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Hit ${hitId}.`);
    return hit;
  }

  private async view(h: Hit, viewer: Actor): Promise<HitView> {
    const [search, reviews, sample] = await Promise.all([this.deps.store.searches.get(h.searchId), this.deps.store.reviews.listByHit(h.id), this.deps.store.samples.get(h.sampleId)]);
    return {
      hitId: h.id, searchId: h.searchId, galleryId: h.galleryId, score: h.score, fmrAtScore: h.fmr, rank: h.rank, aboveThreshold: h.aboveThreshold,
      state: h.state, reviewsRequired: h.reviewsRequired, ...reviewsSeenBy(h, reviews, viewer.userId),
      purpose: search?.purpose ?? '', caseRef: search?.caseRef ?? '', mode: search?.mode ?? '',
      candidateImageAllowed: await this.imageAllowed(h),
      candidateQuality: sample ? { score: sample.quality.score, verdict: sample.quality.verdict } : { score: 0, verdict: 'erased' },
      createdAt: h.createdAt, decidedAt: h.decidedAt,
    };
  }
}

/** A review's time, after every earlier review of the hit, so that their order is the order of decision. */
function reviewTime(now: Date, earlier: readonly Review[]): string {
  const last = earlier.reduce((t, r) => Math.max(t, Date.parse(r.createdAt)), 0);
  return new Date(Math.max(now.getTime(), last + 1)).toISOString();
}

function loggedReview(r: Review, tieBreak: boolean): NonNullable<LogEntryInput['reviews']>[number] {
  return { reviewer: r.examinerId, decision: r.decision, ...(r.belowThresholdAcknowledged ? { belowThreshold: true as const } : {}), ...(tieBreak ? { tieBreak: true as const } : {}) };
}

export const exchange = (h: { ownerAgencyId: string; requesterAgencyId: string }) => ({ type: 'exchange' as const, ownerAgencyId: h.ownerAgencyId, requesterAgencyId: h.requesterAgencyId });
