// What triage and objections need from the perceptual signal types: which PDQ hashes are trusted,
// near-duplicate search over PDQ with every rotation/flip of a file, and vPDQ matching of two
// videos. The rules (distance, quality floor, variant names) belong to src/signals, which implements it.
import type { AudioFingerprintValue, VpdqFrameHash } from '../../domain/media.ts';

/** The closest variant of a file within the PDQ match distance of one indexed hash. */
export interface PdqHit {
  distance: number;
  /** Name of the file's rotation/flip that came closest ('original' for the file as given). */
  variant: string;
}

export interface PdqRadiusIndex {
  readonly size: number;
  add(id: string, hash: string): void;
  /** Per indexed id within the PDQ match distance of any variant (original first), the closest variant. */
  searchVariants(variants: readonly string[]): Promise<Map<string, PdqHit>>;
}

export interface VpdqMatch {
  match: boolean;
  /** Shares of matching frames, query → target and target → query. */
  queryMatchPercent: number;
  targetMatchPercent: number;
}

/** A recording whose audio matches: where the query starts inside it and the bit error rate there. */
export interface AudioHit {
  id: string;
  offsetSeconds: number;
  ber: number;
}

export interface AudioMatchIndex {
  readonly size: number;
  add(id: string, audio: AudioFingerprintValue): void;
  /** Every indexed recording the query's audio matches (a copy, an excerpt of it or a recording it contains), best first. */
  search(audio: AudioFingerprintValue): Promise<AudioHit[]>;
}

export interface PerceptualMatching {
  /** The quality below which a PDQ hash is not trusted. */
  readonly pdqQualityFloor: number;
  /** Whether a PDQ hash carries enough structure to be matched at all. */
  pdqUsable(pdq: { quality: number }): boolean;
  /** An empty index for near-duplicate search over PDQ hashes. */
  pdqIndex(): PdqRadiusIndex;
  /** Whether two videos match by their vPDQ frames. */
  matchVpdq(query: readonly VpdqFrameHash[], target: readonly VpdqFrameHash[]): VpdqMatch;
  /** An empty index for audio search by fingerprint alignment. */
  audioIndex(): AudioMatchIndex;
}
