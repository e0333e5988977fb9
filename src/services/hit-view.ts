// What an examiner may see of a hit's reviews: while it is pending, only how many are in and
// their own (blind review); once it is concluded, every review.
import { hitOutcome, type DisagreementRule, type Hit, type HitState, type Review, type ReviewDecision } from '../domain/workflow.ts';

export interface ReviewView {
  examinerId: string;
  decision: ReviewDecision;
  note: string;
  /** A match confirmed with the acknowledgement that the score is below the gallery's threshold. */
  belowThresholdAcknowledged: boolean;
  /** The third examiner's decision that settled a split. */
  tieBreak: boolean;
  createdAt: string;
}

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
  /** How many examiners decided so far; the only thing said about the others while the hit is pending. */
  reviewsIn: number;
  /** The required examiners split and a third, different examiner decides next. */
  awaitingTieBreak: boolean;
  onDisagreement: DisagreementRule;
  /** While pending: the caller's own review at most; once concluded: every review. */
  reviews: ReviewView[];
  purpose: string;
  caseRef: string;
  mode: string;
  /** Whether the agreement lets examiners see the gallery image; if not, only its quality is shown. */
  candidateImageAllowed: boolean;
  candidateQuality: { score: number; verdict: string };
  createdAt: string;
  decidedAt: string | null;
}

/** Every review of a hit in the order of decision; those after the required ones settled a split. */
export function reviewViews(hit: Pick<Hit, 'reviewsRequired'>, reviews: readonly Review[]): ReviewView[] {
  return reviews.map((r, i) => ({
    examinerId: r.examinerId, decision: r.decision, note: r.note, belowThresholdAcknowledged: r.belowThresholdAcknowledged, tieBreak: i >= hit.reviewsRequired, createdAt: r.createdAt,
  }));
}

/** The review part of a hit's view for one viewer. */
export function reviewsSeenBy(hit: Hit, reviews: readonly Review[], viewerId: string): Pick<HitView, 'reviewsIn' | 'awaitingTieBreak' | 'onDisagreement' | 'reviews'> {
  const all = reviewViews(hit, reviews);
  const pending = hit.state === 'pending';
  return {
    reviewsIn: reviews.length,
    awaitingTieBreak: pending && reviews.length >= hit.reviewsRequired && hitOutcome(reviews.map((r) => r.decision), hit.reviewsRequired, hit.onDisagreement) === null,
    onDisagreement: hit.onDisagreement,
    reviews: pending ? all.filter((r) => r.examinerId === viewerId) : all,
  };
}
