import type { Actor, ApiToken } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import { generateToken } from '../domain/token-format.ts';
import { writeWithLogEntry, type AuditedDeps } from './write-with-log-entry.ts';

export interface IssueTokenInput {
  /** Defaults to the actor. */
  userId?: string;
  label: string;
  /** Days until expiry; null for a token that does not expire. */
  expiresInDays?: number | null;
}

/** The plaintext token is returned once, here, and never again. */
export interface IssuedToken {
  token: string;
  record: Omit<ApiToken, 'digest'>;
}

export const publicToken = ({ digest: _digest, ...rest }: ApiToken): Omit<ApiToken, 'digest'> => rest;

export class TokenService {
  constructor(private readonly deps: AuditedDeps) {}

  async issue(actor: Actor, input: IssueTokenInput): Promise<IssuedToken> {
    const userId = input.userId ?? actor.userId;
    const user = await this.deps.store.users.get(userId);
    if (!user || user.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `User ${userId}.`);
    authorize(actor, 'token.create', { type: 'user', agencyId: user.agencyId, userId });
    return writeWithLogEntry(this.deps, (tx) => new TokenService({ ...this.deps, store: tx }).issueUnchecked(userId, input.label, input.expiresInDays ?? null),
      (r) => ({ action: 'token.change', actor, object: { type: 'token', id: r.record.id }, decision: 'issued', result: { ids: [userId] } }));
  }

  /** Issues a token without a policy check: for bootstrap only, where no actor exists yet. */
  async issueUnchecked(userId: string, label: string, expiresInDays: number | null): Promise<IssuedToken> {
    const { id, token, digest } = generateToken();
    const now = this.deps.now();
    const record: ApiToken = {
      id, userId, label, digest, createdAt: now.toISOString(),
      expiresAt: expiresInDays == null ? null : new Date(now.getTime() + expiresInDays * 86_400_000).toISOString(),
      revokedAt: null, lastUsedAt: null,
    };
    await this.deps.store.tokens.insert(record);
    return { token, record: publicToken(record) };
  }

  async list(actor: Actor, userId = actor.userId): Promise<Omit<ApiToken, 'digest'>[]> {
    const user = await this.deps.store.users.get(userId);
    if (!user || user.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `User ${userId}.`);
    authorize(actor, 'token.list', { type: 'user', agencyId: user.agencyId, userId });
    return (await this.deps.store.tokens.listByUser(userId)).map(publicToken);
  }

  async revoke(actor: Actor, tokenId: string): Promise<Omit<ApiToken, 'digest'>> {
    const token = await this.deps.store.tokens.get(tokenId);
    const user = token && (await this.deps.store.users.get(token.userId));
    if (!token || !user || user.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `Token ${tokenId}.`);
    authorize(actor, 'token.revoke', { type: 'user', agencyId: user.agencyId, userId: user.id });
    const revoked = await writeWithLogEntry(this.deps, (tx) => tx.tokens.revoke(tokenId, this.deps.now().toISOString()),
      () => ({ action: 'token.change', actor, object: { type: 'token', id: tokenId }, decision: 'revoked', result: { ids: [user.id] } }));
    return publicToken(revoked ?? token);
  }
}
