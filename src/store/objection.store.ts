// Store interface of objections: the objection, its evidence, its consented face reference and
// the stored items found under it.
import type { EvidenceSignal, Objection, ObjectionMatch, ObjectionPurpose, ObjectionRecording, ObjectionStage } from '../domain/objection.ts';

/** A face reference as stored: sealed under its own data key, so deleting the row destroys it. */
export interface StoredFaceTemplate {
  objectionId: string;
  modelId: string;
  sealedTemplate: string;
  wrappedKey: string;
  consentRef: string;
  createdAt: string;
}

export interface ObjectionStore {
  insert(o: Objection): Promise<void>;
  /** Changes whenever an objection of the agency is filed or withdrawn (for caching its evidence). */
  version(agencyId: string): Promise<string>;
  get(id: string): Promise<Objection | undefined>;
  listByAgency(agencyId: string, options?: { status?: Objection['status'] }): Promise<Objection[]>;
  /**
   * Marks an active objection withdrawn and deletes its evidence (recordings included), face reference and matches;
   * false when it was not active.
   */
  withdraw(id: string, at: string, by: string, reason: string): Promise<boolean>;
  addSignals(signals: EvidenceSignal[]): Promise<void>;
  signalsOf(objectionId: string): Promise<EvidenceSignal[]>;
  /** Active objections of the agency whose evidence has one of these digests. */
  findExact(agencyId: string, digests: { kind: 'sha256' | 'md5'; value: string }[]): Promise<EvidenceSignal[]>;
  /** Every PDQ evidence hash (all variants) of the agency's active objections. */
  activePdq(agencyId: string): Promise<EvidenceSignal[]>;
  /** Stores the audio fingerprints of an objection's recordings. */
  addRecordings(recordings: ObjectionRecording[]): Promise<void>;
  recordingsOf(objectionId: string): Promise<ObjectionRecording[]>;
  /** Audio fingerprints of the agency's active objections. */
  activeRecordings(agencyId: string): Promise<ObjectionRecording[]>;
  putFaceTemplate(t: StoredFaceTemplate): Promise<void>;
  faceTemplateOf(objectionId: string): Promise<StoredFaceTemplate | undefined>;
  /** Face references of the agency's active objections. */
  activeFaceTemplates(agencyId: string): Promise<StoredFaceTemplate[]>;
  /** Records matches; a sample already recorded for the same objection keeps its first record. */
  addMatches(matches: ObjectionMatch[]): Promise<void>;
  matchesOf(objectionId: string): Promise<ObjectionMatch[]>;
  /** Forgets matches of erased samples. */
  deleteMatchesOfSamples(sampleIds: string[]): Promise<void>;
  /** Matches of active objections covering one of `purposes`, among the given samples. */
  matchesForSamples(sampleIds: string[], purposes: ObjectionPurpose[]): Promise<(ObjectionMatch & { stage: ObjectionStage })[]>;
  /** Matches of active objections covering one of `purposes`, in one gallery. */
  matchesForGallery(galleryId: string, purposes: ObjectionPurpose[]): Promise<ObjectionMatch[]>;
}
