// The narrow hook through which enrollment and search respect objections. ObjectionEnforcement
// implements it; a deployment without it enforces nothing, so the runtime always wires it.
import type { AudioFingerprintValue } from '../../domain/media.ts';
import type { ObjectionPurpose, ObjectionStage } from '../../domain/objection.ts';
import type { Store } from '../../store/store.ts';
import type { AnalysedFace } from './face-engine.ts';

/** Which objection reached an item, at which stage, with the measure that decided it. */
export interface ObjectionCatch {
  stage: ObjectionStage;
  objectionId: string;
  /** Hamming distance (perceptual), bit error rate (audio), similarity score (face), 0 (exact). */
  measure: number;
}

export interface ObjectionFilter {
  /** What enrollment does with a new item an objection reaches: refuse it (default) or enroll it and record the match. */
  readonly onEnrollment: 'refuse' | 'flag';
  /** The first of the agency's active objections (any purpose) that reaches a new item: exact, then perceptual, then audio, then face. */
  checkNew(agencyId: string, image: Uint8Array, face?: AnalysedFace): Promise<ObjectionCatch | null>;
  /** Per item, the first of the agency's active objections (any purpose) that reaches it, its signals and faces already computed; the objections are read once for all items. */
  checkComputed(agencyId: string, items: ComputedItem[]): Promise<(ObjectionCatch | null)[]>;
  /** Records, in the caller's transaction, that a stored sample is under the objection. */
  recordMatch(tx: Store, c: ObjectionCatch, sampleId: string, galleryId: string, at: string): Promise<void>;
  /** The samples among `sampleIds` that are under an active objection covering `purpose`. */
  excluded(sampleIds: string[], purpose: ObjectionPurpose): Promise<Set<string>>;
}

/** An item whose signals and face templates are already computed (e.g. during a triage run). */
export type ComputedItem = { sha256: string; md5: string; pdq: { hash: string; quality: number } | null; audio?: AudioFingerprintValue | null; faces: AnalysedFace[] };
