// What releases need from the media layer: mark an image with its release, visibly and in its
// metadata, and read such a marking back. src/media/release-marking.ts implements it.

/** What a released image says about its release. */
export interface ReleaseMark {
  releaseId: string;
  ownerAgency: { id: string; name: string };
  recipientAgency: { id: string; name: string };
  caseRef: string;
  releasedAt: string;
  notice: 'no onward transfer';
}

export interface ReleaseMarking {
  /** The image with a visible band naming owner, recipient, case and "no onward transfer", and the marking in its metadata. */
  mark(image: Uint8Array, mark: ReleaseMark): Promise<{ bytes: Uint8Array; mediaType: string }>;
  /** The release marking in an image's metadata, or null when it carries none. */
  read(image: Uint8Array): ReleaseMark | null;
}
