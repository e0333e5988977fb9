import type { Insertable, Selectable } from 'kysely';
// Row ↔ entity conversions shared by the repositories.
import type { Agency, ApiToken, Gallery, GalleryKind, User } from '../../domain/entities.ts';
import type { Role } from '../../domain/roles.ts';
import { disagreementRules, type DisagreementRule } from '../../domain/workflow.ts';
import type { AgenciesTable, ApiTokensTable, GalleriesTable, UsersTable } from './schema.ts';

/** A stored disagreement rule; anything else is a corrupt row. */
export function toDisagreementRule(value: string): DisagreementRule {
  if (!(disagreementRules as readonly string[]).includes(value)) throw new Error(`Unknown disagreement rule in the store: ${value}`);
  return value as DisagreementRule;
}

export const toAgency = (r: Selectable<AgenciesTable>): Agency => ({
  id: r.id, name: r.name, country: r.country, isHost: r.is_host === 1, reviewsRequired: Number(r.reviews_required) === 1 ? 1 : 2,
  singleReviewBasis: r.single_review_basis, onDisagreement: toDisagreementRule(r.on_disagreement), createdAt: r.created_at,
});
export const fromAgency = (a: Agency): Insertable<AgenciesTable> => ({
  id: a.id, name: a.name, country: a.country, is_host: a.isHost ? 1 : 0, reviews_required: a.reviewsRequired, single_review_basis: a.singleReviewBasis,
  on_disagreement: a.onDisagreement, created_at: a.createdAt,
});

export const toUser = (r: UsersTable): User => ({
  id: r.id, agencyId: r.agency_id, name: r.name, roles: JSON.parse(r.roles) as Role[], disabled: r.disabled === 1, createdAt: r.created_at,
});
export const fromUser = (u: User): UsersTable => ({
  id: u.id, agency_id: u.agencyId, name: u.name, roles: JSON.stringify(u.roles), disabled: u.disabled ? 1 : 0, created_at: u.createdAt,
});

export const toToken = (r: ApiTokensTable): ApiToken => ({
  id: r.id, userId: r.user_id, label: r.label, digest: r.digest, createdAt: r.created_at, expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at,
});
export const fromToken = (t: ApiToken): ApiTokensTable => ({
  id: t.id, user_id: t.userId, label: t.label, digest: t.digest, created_at: t.createdAt, expires_at: t.expiresAt, revoked_at: t.revokedAt, last_used_at: t.lastUsedAt,
});

export const toGallery = (r: GalleriesTable): Gallery => ({
  id: r.id, agencyId: r.agency_id, name: r.name, kind: r.kind as GalleryKind, legalBasis: r.legal_basis,
  purposes: JSON.parse(r.purposes) as string[], retentionDays: Number(r.retention_days), modelId: r.model_id,
  thresholdFmr: Number(r.threshold_fmr), requiredFpir: r.required_fpir === null ? null : Number(r.required_fpir), maxCandidates: Number(r.max_candidates), keepGps: Number(r.keep_gps) === 1, createdAt: r.created_at,
});
export const fromGallery = (g: Gallery): GalleriesTable => ({
  id: g.id, agency_id: g.agencyId, name: g.name, kind: g.kind, legal_basis: g.legalBasis, purposes: JSON.stringify(g.purposes),
  retention_days: g.retentionDays, model_id: g.modelId, threshold_fmr: g.thresholdFmr, required_fpir: g.requiredFpir, max_candidates: g.maxCandidates, keep_gps: g.keepGps ? 1 : 0, created_at: g.createdAt,
});
