// Objections of data subjects: for which purposes, with which evidence, and how far they reach.
// The reach is staged: exact hash → perceptual hash (incl. the 8 rotations/flips) → audio
// fingerprint of a recording → face template.

export const objectionPurposes = ['search', 'ai-training', 'all'] as const;
export type ObjectionPurpose = (typeof objectionPurposes)[number];

export const objectionStages = ['exact', 'perceptual', 'audio', 'face'] as const;
export type ObjectionStage = (typeof objectionStages)[number];

export type ObjectionStatus = 'active' | 'withdrawn';

export interface Objection {
  id: string;
  /** The agency (controller) handling it; it reaches that agency's galleries. */
  agencyId: string;
  /** The controller's own reference for the request (a case or letter number), never a name. */
  reference: string;
  purposes: ObjectionPurpose[];
  status: ObjectionStatus;
  /** Whether the person explicitly consented to a face reference being kept for enforcement. */
  faceConsent: boolean;
  createdBy: string;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawalReason: string | null;
}

/** One evidence signal: a digest of an evidence file or one dihedral PDQ variant of an evidence image. */
export interface EvidenceSignal {
  objectionId: string;
  kind: 'sha256' | 'md5' | 'pdq';
  value: string;
  /** PDQ only: which rotation/flip of the evidence this hash describes (`original` for the image as given). */
  variant: string | null;
  /** PDQ only: quality 0–100 of the evidence image. */
  quality: number | null;
  /** Computed from an evidence image or recording, or given as a hash. */
  origin: 'image' | 'recording' | 'hash';
}

/** The audio fingerprint of a recording (or of a video's sound track) filed as evidence. */
export interface ObjectionRecording {
  objectionId: string;
  durationSeconds: number;
  /** Base64 of the Chromaprint sub-fingerprints (docs/audio.md). */
  fingerprint: string;
  createdAt: string;
}

/** A face reference kept only with explicit consent, only for enforcing this objection. */
export interface ObjectionFaceTemplate {
  objectionId: string;
  modelId: string;
  template: Float32Array;
  /** Where the consent is recorded (form number, letter). */
  consentRef: string;
  createdAt: string;
}

/** A stored item found under an objection, with the stage that caught it. */
export interface ObjectionMatch {
  objectionId: string;
  sampleId: string;
  galleryId: string;
  stage: ObjectionStage;
  /** Hamming distance for `perceptual`, bit error rate for `audio`, similarity score for `face`, 0 for `exact`. */
  measure: number;
  createdAt: string;
}

/** Whether an objection for `purposes` covers processing for `purpose`. */
export function objectionCovers(purposes: readonly ObjectionPurpose[], purpose: ObjectionPurpose): boolean {
  return purposes.includes('all') || purposes.includes(purpose);
}

/** The purposes an objection covering `purpose` may name. */
export function purposesCovering(purpose: ObjectionPurpose): ObjectionPurpose[] {
  return purpose === 'all' ? [...objectionPurposes] : [purpose, 'all'];
}
