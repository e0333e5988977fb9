import type { Kysely } from 'kysely';
import type { ApiToken } from '../../domain/entities.ts';
import type { TokenStore } from '../store.ts';
import type { Database } from './schema.ts';
import { EntityRepo } from './entity-repo.ts';
import { fromToken, toToken } from './rows.ts';

export class TokenRepo extends EntityRepo<ApiToken> implements TokenStore {
  constructor(db: Kysely<Database>) {
    super(db, 'api_tokens', fromToken, toToken);
  }

  async listByUser(userId: string): Promise<ApiToken[]> {
    return this.listBy('user_id', userId);
  }

  async revoke(id: string, at: string): Promise<ApiToken | undefined> {
    await this.db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return this.get(id);
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  async touchFirst(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).where('last_used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
