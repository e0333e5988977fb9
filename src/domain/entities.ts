// Plain data types of the domain. Time values are ISO 8601 strings in UTC.
import type { Role } from './roles.ts';
import type { DisagreementRule } from './workflow.ts';

export interface Agency {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 or another short code the operator uses; informational. */
  country: string | null;
  /** The agency that runs this installation; only its admins may create other agencies. */
  isHost: boolean;
  /** Examiner decisions a potential hit needs (2 by default; 1 only where law allows). */
  reviewsRequired: 1 | 2;
  /** The legal basis recorded when reviewsRequired is 1. */
  singleReviewBasis: string | null;
  /** When two examiners split on a hit: a third examiner decides (default) or it is inconclusive. */
  onDisagreement: DisagreementRule;
  createdAt: string;
}

export interface User {
  id: string;
  agencyId: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  /** Hex SHA-256 of the whole token string; the token itself is never stored. */
  digest: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const galleryKinds = ['face', 'media'] as const;
export type GalleryKind = (typeof galleryKinds)[number];

export interface Gallery {
  id: string;
  agencyId: string;
  name: string;
  kind: GalleryKind;
  /** The legal basis under which samples are held, e.g. "StPO §81b" or "Reg. (EU) 2018/1862 Art. 43". */
  legalBasis: string;
  /** Purposes for which the gallery may be searched, e.g. ["criminal-investigation"]. */
  purposes: string[];
  retentionDays: number;
  /** Embedding model id for face galleries (`<package>/<model>@<version>`); null for media galleries. */
  modelId: string | null;
  /** Target false-match rate of the candidate threshold (e.g. 1e-4), turned into a score by the model's calibration. */
  thresholdFmr: number;
  /** Declared reliability requirement: the highest false-positive identification rate at which automatic 1:N identification may run; null disables identification mode. */
  requiredFpir: number | null;
  /** Default maximum of candidates per search for the owner's own searches. */
  maxCandidates: number;
  /** Media galleries: keep EXIF GPS coordinates of items (default false: stripped on ingest). */
  keepGps: boolean;
  createdAt: string;
}

/** Who is acting: resolved from an API token on every request. */
export interface Actor {
  userId: string;
  agencyId: string;
  roles: readonly Role[];
  /** True when the actor's agency is the host agency of the installation. */
  hostAgency: boolean;
}
