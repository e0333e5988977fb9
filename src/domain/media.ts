// Media collections, known-hash sets and triage runs (IVAS-like). Plain data; times are ISO 8601 UTC.
import type { ObjectionStage } from './objection.ts';

export const mediaTypes = ['photo', 'video', 'file'] as const;
export type MediaType = (typeof mediaTypes)[number];

/** Camera facts read from EXIF. GPS is present only where the gallery keeps it. */
export interface ExifFacts {
  make?: string;
  model?: string;
  /** DateTimeOriginal as written by the camera (no time zone), ISO-like text. */
  captureTime?: string;
  gps?: { latitude: number; longitude: number };
}

/** Container and codec facts of a video's first video stream. */
export interface VideoFacts {
  container: string;
  codec: string;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number | null;
}

/** Chromaprint sub-fingerprints of a recording or a video's sound track: base64 of little-endian uint32. */
export interface AudioFingerprintValue {
  durationSeconds: number;
  fingerprint: string;
}

export interface VpdqFrameHash {
  hash: string;
  quality: number;
  timestampSeconds: number;
}

/** Every signal and fact of one file, as computed for triage and stored for media items. */
export interface MediaSignals {
  size: number;
  type: MediaType;
  sha256: string;
  md5: string;
  sha1: string;
  pdq: { hash: string; quality: number } | null;
  /** The 8 dihedral PDQ variants (original first); photos only, not stored. */
  pdqVariants?: string[];
  vpdq: VpdqFrameHash[] | null;
  video: VideoFacts | null;
  exif: ExifFacts | null;
  /** Audio fingerprint of a recording or of a video's sound track, where it has one. */
  audio?: AudioFingerprintValue | null;
}

/** One item of a `media` gallery: signals and metadata, never the file itself. */
export interface MediaItem {
  id: string;
  galleryId: string;
  fileName: string;
  size: number;
  type: MediaType;
  sha256: string;
  md5: string;
  sha1: string;
  pdq: string | null;
  pdqQuality: number | null;
  /** Frame hashes of a video (vPDQ); null for photos and files. */
  vpdq: VpdqFrameHash[] | null;
  video: VideoFacts | null;
  exif: ExifFacts | null;
  /** The triage run that added it, if any. */
  triageRunId: string | null;
  createdAt: string;
}

export interface HashSet {
  id: string;
  /** The agency that owns (imported) the set; only its members see it. */
  agencyId: string;
  name: string;
  /** Where the list comes from, e.g. "Project VIC export 2026-11". */
  source: string;
  /** How categories are to be read, e.g. "vics" (0–4) or "cats-3". */
  categoryScheme: string;
  entryCount: number;
  createdAt: string;
}

export interface HashSetEntry {
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
  /** Present on entries that carry an audio fingerprint. */
  audio?: AudioFingerprintValue;
  category: string;
  name: string | null;
  sourceId: string | null;
}

export const triageVerdicts = ['known', 'near-duplicate', 'new', 'error'] as const;
export type TriageVerdict = (typeof triageVerdicts)[number];

/** Why a file is known or a near-duplicate. */
export interface TriageMatch {
  /** hash-set: an entry of a known-hash list; media: an item of a media gallery; batch: another file of this run. */
  source: 'hash-set' | 'media' | 'batch';
  /** sha256 | md5 | sha1 (exact), pdq (perceptual, with distance and variant) or vpdq (video). */
  signal: 'sha256' | 'md5' | 'sha1' | 'pdq' | 'vpdq' | 'audio';
  hashSetId?: string;
  hashSetName?: string;
  category?: string;
  mediaItemId?: string;
  galleryId?: string;
  /** The other file of this run (batch matches). */
  file?: string;
  distance?: number;
  /** Which of the 8 dihedral variants of this file matched (pdq). */
  variant?: string;
  /** Percentages of matching frames both ways (vpdq). */
  percent?: { query: number; target: number };
  /** Where this file's audio starts inside the matched recording, in seconds (negative: the match starts inside this file) (audio). */
  offsetSeconds?: number;
  /** Bit error rate of the audio fingerprints at that alignment, 0–1 (audio). */
  ber?: number;
}

export interface TriageFileResult {
  seq: number;
  file: string;
  size: number | null;
  type: MediaType | null;
  sha256: string | null;
  md5: string | null;
  sha1: string | null;
  pdq: { hash: string; quality: number } | null;
  vpdqFrames: number | null;
  /** Length of the fingerprinted audio in seconds, when the file or its sound track has a fingerprint. */
  audioSeconds?: number;
  video: VideoFacts | null;
  exif: ExifFacts | null;
  verdict: TriageVerdict;
  /** Categories of the hash-set entries this file (or its cluster's known file) matched. */
  categories: string[];
  matches: TriageMatch[];
  /** Near-duplicate cluster among this run's files (files sharing a number look alike); null when alone. */
  cluster: number | null;
  error: { code: string; message: string } | null;
  /** The media item created for this file when the run added files to a gallery. */
  mediaItemId: string | null;
  /** Faces found in a photo, or in sampled frames of a video, when the run asked for them (box x, y, width, height in pixels). */
  faces?: TriageFace[];
  /** Set when one of the agency's active objections reaches the file: the first stage that caught it. */
  objection?: { stage: ObjectionStage; objectionId: string; measure: number; reference?: string };
}

export interface TriageFace {
  box: [number, number, number, number];
  detectionScore: number;
  /** The face quality gate's verdict: only `accept`/`warn` faces make usable probes. */
  quality: string;
  /** For a video: the time of the sampled frame the face was found in, in seconds. */
  frameSeconds?: number;
}

export interface TriageRun {
  id: string;
  agencyId: string;
  userId: string;
  caseRef: string;
  galleryId: string | null;
  counts: Record<TriageVerdict, number> & { files: number; clusters: number; added: number };
  createdAt: string;
  finishedAt: string;
}
