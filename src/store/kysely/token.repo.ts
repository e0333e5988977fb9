import type { Kysely } from 'kysely';
import type { ApiToken } from '../../domain/entities.ts';
import type { TokenStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { fromToken, toToken } from './rows.ts';

export class TokenRepo implements TokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(token: ApiToken): Promise<void> {
    await mapped(this.db.insertInto('api_tokens').values(fromToken(token)).execute());
  }

  async get(id: string): Promise<ApiToken | undefined> {
    const r = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toToken(r);
  }

  async listByUser(userId: string): Promise<ApiToken[]> {
    return (await this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()).map(toToken);
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
