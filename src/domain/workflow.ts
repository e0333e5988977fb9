// Entities of the search-only workflow: subjects and samples, agreements, searches, potential hits,
// reviews and disclosures.
import type { FaceQuality } from './face.ts';

export interface Subject {
  id: string;
  galleryId: string;
  /** The owner's opaque reference (case or record number). */
  ref: string;
  /** Core personal data, sealed with the subject's data key; null when none was given or after erasure. */
  sealedCoreData: string | null;
  createdAt: string;
  erasedAt: string | null;
  erasureReason: string | null;
}

export interface CoreData {
  name?: string;
  dateOfBirth?: string;
  nationality?: string;
  sex?: string;
  reasonOfCapture?: string;
}

export interface Provenance {
  source: string;
  captureDate: string | null;
  legalBasis: string;
}

export interface Sample {
  id: string;
  subjectId: string;
  galleryId: string;
  provenance: Provenance;
  /** The file name sealed with the subject's data key (null when none was given). */
  sealedFileName: string | null;
  quality: FaceQuality;
  modelId: string;
  /** The face template (float32) sealed with the subject's data key. */
  sealedTemplate: string;
  /** The image sealed with the subject's data key. */
  sealedImage: string;
  createdAt: string;
}

export interface Agreement {
  id: string;
  ownerAgencyId: string;
  requesterAgencyId: string;
  galleryIds: string[];
  purposes: string[];
  validFrom: string;
  validUntil: string;
  maxCandidates: number;
  /** Whether the requester's examiners may see the gallery image during review. */
  showImages: boolean;
  /** The owner's reference of the underlying legal instrument. */
  reference: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export type SearchMode = 'identification' | 'investigation';

export interface SearchRecord {
  id: string;
  kind: 'search' | 'verification';
  agencyId: string;
  userId: string;
  purpose: string;
  caseRef: string;
  authorisationRef: string;
  mode: SearchMode;
  galleryIds: string[];
  /** HMAC commitment to the probe; never the probe itself. */
  probeCommitment: string;
  /** The probe image sealed under `probeKey` (wrapped), kept for review. */
  sealedProbe: string | null;
  probeKey: string | null;
  result: Record<string, unknown>;
  createdAt: string;
}

export const hitStates = ['pending', 'confirmed', 'rejected', 'inconclusive'] as const;
export type HitState = (typeof hitStates)[number];

export interface Hit {
  /** Opaque id handed to the requester; says nothing about the gallery record. */
  id: string;
  searchId: string;
  galleryId: string;
  subjectId: string;
  sampleId: string;
  ownerAgencyId: string;
  requesterAgencyId: string;
  agreementId: string | null;
  score: number;
  fmr: number;
  rank: number;
  aboveThreshold: boolean;
  state: HitState;
  reviewsRequired: 1 | 2;
  /** What settles a split between the required examiners; the requester's setting when the hit was found. */
  onDisagreement: DisagreementRule;
  createdAt: string;
  decidedAt: string | null;
}

export const reviewDecisions = ['match', 'no-match', 'inconclusive'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export interface Review {
  id: string;
  hitId: string;
  examinerId: string;
  decision: ReviewDecision;
  note: string;
  /** The examiner confirmed a match while acknowledging that the score is below the gallery's threshold. */
  belowThresholdAcknowledged: boolean;
  createdAt: string;
}

export type DisclosureState = 'pending' | 'approved' | 'denied';

export interface Disclosure {
  id: string;
  hitId: string;
  requesterAgencyId: string;
  ownerAgencyId: string;
  subjectId: string;
  caseRef: string;
  justification: string;
  state: DisclosureState;
  requestedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface Notification {
  id: string;
  agencyId: string;
  kind: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/**
 * What happens when the required examiners split (one `match`, one `no-match`): a third, different
 * examiner decides (blind verification's tie-break), or the hit is concluded `inconclusive`.
 */
export const disagreementRules = ['third-examiner', 'inconclusive'] as const;
export type DisagreementRule = (typeof disagreementRules)[number];
export const defaultDisagreementRule: DisagreementRule = 'third-examiner';

const stateOf: Record<ReviewDecision, Exclude<HitState, 'pending'>> = { match: 'confirmed', 'no-match': 'rejected', inconclusive: 'inconclusive' };

/** Whether the required decisions are split between match and no-match. */
export function isSplit(decisions: readonly ReviewDecision[], required: number): boolean {
  const first = decisions.slice(0, required);
  return first.includes('match') && first.includes('no-match');
}

/** The state a hit reaches once enough reviews are in (null while more are needed, a tie-break included). */
export function hitOutcome(decisions: readonly ReviewDecision[], required: number, onDisagreement: DisagreementRule): Exclude<HitState, 'pending'> | null {
  if (decisions.length < required) return null;
  const first = decisions.slice(0, required);
  if (first.every((d) => d === 'match')) return 'confirmed';
  if (first.every((d) => d === 'no-match')) return 'rejected';
  if (!isSplit(decisions, required) || onDisagreement === 'inconclusive') return 'inconclusive';
  const tieBreak = decisions[required];
  return tieBreak === undefined ? null : stateOf[tieBreak];
}
