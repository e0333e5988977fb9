// What objection enforcement needs from the signal types: digests of any file, PDQ of a photo
// (with its 8 rotations/flips for evidence), the PDQ match rule and the audio fingerprint of a
// recording. src/signals implements it.
import type { AudioFingerprintValue } from '../../domain/media.ts';

export type DigestKind = 'sha256' | 'md5';
/** The kinds of hash an image or file is matched by. */
export const evidenceHashKinds = ['sha256', 'md5', 'pdq'] as const;
export type EvidenceHashKind = (typeof evidenceHashKinds)[number];
/** What may be filed as a hash: a digest, a PDQ hash or an audio fingerprint (`<seconds>:<base64>`, as hash lists carry it). */
export const givenHashKinds = [...evidenceHashKinds, 'audio'] as const;
export type GivenHashKind = (typeof givenHashKinds)[number];
/** The given kinds as an error message names them: "sha256, md5, pdq or audio". */
export const givenHashKindsText = `${givenHashKinds.slice(0, -1).join(', ')} or ${givenHashKinds.at(-1)}`;

export interface PdqHash {
  hash: string;
  quality: number;
}

export interface FileSignals {
  sha256: string;
  md5: string;
  /** PDQ of the photo as given; null when the bytes do not decode as a photo. */
  pdq: PdqHash | null;
  /** Audio fingerprint of a recording or a video's sound track; null or absent when there is none. */
  audio?: AudioFingerprintValue | null;
}

export interface EvidenceSignals {
  /** Digests of the bytes and, where they decode as a photo, its PDQ hash. */
  compute(bytes: Uint8Array): Promise<FileSignals>;
  /** The eight PDQ hashes of a photo rotated and flipped (variant name → hash); null when it does not decode. */
  pdqVariants(bytes: Uint8Array): Promise<{ hashes: Record<string, string>; quality: number } | null>;
  /** The audio fingerprint of a recording (or a video's sound track) filed as evidence; a coded error when it has none. */
  recording(bytes: Uint8Array): Promise<AudioFingerprintValue>;
  /** An audio fingerprint given in its text form `<seconds>:<base64>`, without the recording: ABG_ERR_MALFORMED_HASH, or ABG_ERR_NO_AUDIO_FINGERPRINT when it carries nothing to match. */
  givenRecording(text: string): AudioFingerprintValue;
  /** Normalises a given hash value of a kind; throws ABG_ERR_MALFORMED_HASH otherwise. */
  normalise(kind: EvidenceHashKind, value: string): string;
  /** A hash given without its image, as evidence: normalised, with the variant and quality it stands for. */
  givenHash(kind: EvidenceHashKind, value: string): { value: string; variant: string | null; quality: number | null };
  /** Hamming distance of two PDQ hashes, and whether it is a match under the PDQ rule (distance and quality). */
  comparePdq(a: PdqHash, b: PdqHash): { distance: number; match: boolean };
}
