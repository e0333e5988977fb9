// Releases: an image Abgleich handed to another agency, recorded with the fingerprints that let
// enrollment recognise it (and near copies of it) if the recipient tries to pass it on.

/** What was released; the candidate image of a hit is the only image-bearing release today. */
export const releaseKinds = ['candidate-image'] as const;
export type ReleaseKind = (typeof releaseKinds)[number];

/** A PDQ hash with its quality. */
export interface ReleasePdq {
  hash: string;
  quality: number;
}

export interface Release {
  id: string;
  kind: ReleaseKind;
  ownerAgencyId: string;
  recipientAgencyId: string;
  caseRef: string;
  hitId: string | null;
  galleryId: string;
  subjectId: string;
  sampleId: string;
  /** The user who received it. */
  releasedBy: string;
  createdAt: string;
  /** PDQ of the bytes handed out (marking included) and of the stored original. */
  releasedPdq: ReleasePdq | null;
  originalPdq: ReleasePdq | null;
  /** The face template of the original, sealed under the subject's data key; null once restricted. */
  sealedTemplate: string | null;
  modelId: string;
  /** Set when the subject was erased: the template is gone, the PDQ hashes still block copies. */
  restrictedAt: string | null;
}
