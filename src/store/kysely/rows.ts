// Row ↔ entity conversions shared by the repositories.
import type { Agency, ApiToken, Gallery, GalleryKind, User } from '../../domain/entities.ts';
import type { Role } from '../../domain/roles.ts';
import type { AgenciesTable, ApiTokensTable, GalleriesTable, UsersTable } from './schema.ts';

export const toAgency = (r: AgenciesTable): Agency => ({ id: r.id, name: r.name, country: r.country, isHost: r.is_host === 1, createdAt: r.created_at });
export const fromAgency = (a: Agency): AgenciesTable => ({ id: a.id, name: a.name, country: a.country, is_host: a.isHost ? 1 : 0, created_at: a.createdAt });

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
  purposes: JSON.parse(r.purposes) as string[], retentionDays: Number(r.retention_days), modelId: r.model_id, createdAt: r.created_at,
});
export const fromGallery = (g: Gallery): GalleriesTable => ({
  id: g.id, agency_id: g.agencyId, name: g.name, kind: g.kind, legal_basis: g.legalBasis, purposes: JSON.stringify(g.purposes),
  retention_days: g.retentionDays, model_id: g.modelId, created_at: g.createdAt,
});
