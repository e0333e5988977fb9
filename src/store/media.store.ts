// Store interfaces of media galleries, known-hash sets and triage runs.
import type { HashSet, HashSetEntry, MediaItem, TriageFileResult, TriageRun } from '../domain/media.ts';

export interface MediaItemStore {
  insertMany(items: MediaItem[]): Promise<void>;
  get(id: string): Promise<MediaItem | undefined>;
  listByGallery(galleryId: string, options?: { limit?: number; offset?: number }): Promise<MediaItem[]>;
  /** Items of the given galleries with any of these SHA-256 digests. */
  findBySha256(galleryIds: string[], digests: string[]): Promise<MediaItem[]>;
  /** Perceptual hashes of the given galleries' items: PDQ of photos, frame hashes of videos. */
  perceptual(galleryIds: string[]): Promise<Pick<MediaItem, 'id' | 'galleryId' | 'type' | 'pdq' | 'pdqQuality' | 'vpdq'>[]>;
  countByGallery(galleryId: string): Promise<number>;
}

export interface HashSetHit extends HashSetEntry {
  hashSetId: string;
}

export interface HashSetStore {
  insert(set: Omit<HashSet, 'entryCount'>): Promise<void>;
  get(id: string): Promise<HashSet | undefined>;
  getByName(agencyId: string, name: string): Promise<HashSet | undefined>;
  listByAgency(agencyId: string): Promise<HashSet[]>;
  /** Appends entries after the set's last one. */
  addEntries(hashSetId: string, entries: HashSetEntry[]): Promise<void>;
  entries(hashSetId: string): Promise<HashSetEntry[]>;
  /** Entries of the given sets whose md5, sha1 or sha256 is among the digests. */
  findDigests(hashSetIds: string[], digests: { md5: string[]; sha1: string[]; sha256: string[] }): Promise<HashSetHit[]>;
  /** Entries of the given sets that carry a PDQ hash. */
  pdqEntries(hashSetIds: string[]): Promise<HashSetHit[]>;
  /** Entries of the given sets that carry an audio fingerprint. */
  audioEntries(hashSetIds: string[]): Promise<HashSetHit[]>;
}

export interface TriageStore {
  insertRun(run: TriageRun, results: TriageFileResult[]): Promise<void>;
  getRun(id: string): Promise<TriageRun | undefined>;
  results(runId: string): Promise<TriageFileResult[]>;
}
