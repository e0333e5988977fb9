// Resolves an API token to the acting user.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { parseTokenId, tokenMatches } from '../domain/token-format.ts';
import type { ServiceDeps } from './deps.ts';

export class AuthService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Returns the actor for a bearer token, or throws a coded authentication error. */
  async authenticate(token: string | undefined): Promise<Actor> {
    if (!token) fail('ABG_ERR_UNAUTHENTICATED');
    const id = parseTokenId(token);
    if (!id) fail('ABG_ERR_UNAUTHENTICATED', 'The token is malformed.');
    const { store, now } = this.deps;
    const record = await store.tokens.get(id);
    if (!record || !tokenMatches(token, record.digest)) fail('ABG_ERR_UNAUTHENTICATED', 'The token is not known.');
    if (record.revokedAt) fail('ABG_ERR_TOKEN_REVOKED');
    const at = now();
    if (record.expiresAt && Date.parse(record.expiresAt) <= at.getTime()) fail('ABG_ERR_TOKEN_EXPIRED');
    const user = await store.users.get(record.userId);
    if (!user || user.disabled) fail('ABG_ERR_UNAUTHENTICATED', 'The user is disabled.');
    const agency = await store.agencies.get(user.agencyId);
    if (!agency) fail('ABG_ERR_UNAUTHENTICATED', 'The user has no agency.');
    // Last-use time at minute resolution is enough and saves a write per request.
    if (!record.lastUsedAt || at.getTime() - Date.parse(record.lastUsedAt) > 60_000) await store.tokens.touch(id, at.toISOString());
    return { userId: user.id, agencyId: user.agencyId, roles: user.roles, hostAgency: agency.isHost };
  }
}
