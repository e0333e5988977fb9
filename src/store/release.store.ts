// Store interface of releases: the record of every image handed to another agency, with its fingerprints.
import type { Release, ReleaseKind } from '../domain/release.ts';

export interface ReleaseStore {
  insert(r: Release): Promise<void>;
  get(id: string): Promise<Release | undefined>;
  /** The release of a hit's image of this kind, if it was released before. */
  findByHit(hitId: string, kind: ReleaseKind): Promise<Release | undefined>;
  /** Every release whose owner is not this agency (what its enrollments are checked against), oldest first. */
  listNotOwnedBy(agencyId: string): Promise<Release[]>;
  /** Releases of one subject, oldest first. */
  listBySubject(subjectId: string): Promise<Release[]>;
  /** Changes whenever a release is recorded or restricted (for caching the fingerprints). */
  version(): Promise<string>;
  /**
   * After the subject's erasure: deletes the sealed face templates of its releases and marks them
   * restricted at `at`; the record and its PDQ hashes stay. Returns how many were restricted.
   */
  restrictBySubject(subjectId: string, at: string): Promise<number>;
}
