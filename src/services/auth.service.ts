// Resolves an API token to the acting user.
import type { Actor } from '../domain/entities.ts';
import { fail, isAbgError } from '../domain/errors.ts';
import { parseTokenId, tokenMatches } from '../domain/token-format.ts';
import type { AuditedDeps } from './write-with-log-entry.ts';

export class AuthService {
  constructor(private readonly deps: AuditedDeps) {}

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
    const actor: Actor = { userId: user.id, agencyId: user.agencyId, roles: user.roles, hostAgency: agency.isHost };
    if (!record.lastUsedAt) {
      // A token's first use is its login: logged once, with the token as the object. The
      // conditional update lets exactly one of several concurrent first requests log it.
      await store.transaction(async (tx) => {
        if (await tx.tokens.touchFirst(id, at.toISOString())) {
          await this.deps.audit.append({ action: 'login', actor, object: { type: 'token', id } }, tx);
        }
      });
    } else if (at.getTime() - Date.parse(record.lastUsedAt) > 60_000) {
      // Last-use time at minute resolution is enough and saves a write per request; it is not
      // worth refusing a request for while another process holds the database's write lock.
      await store.tokens.touch(id, at.toISOString()).catch((e: unknown) => {
        if (!isAbgError(e) || e.code !== 'ABG_ERR_BUSY') throw e;
      });
    }
    return actor;
  }
}
