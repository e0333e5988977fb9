import type { Kysely } from 'kysely';
import type { User } from '../../domain/entities.ts';
import type { UserStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { fromUser, toUser } from './rows.ts';

export class UserRepo implements UserStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: User): Promise<void> {
    await mapped(this.db.insertInto('users').values(fromUser(user)).execute());
  }

  async get(id: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toUser(r);
  }

  async listByAgency(agencyId: string): Promise<User[]> {
    return (await this.db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).orderBy('created_at').orderBy('id').execute()).map(toUser);
  }

  async update(id: string, patch: Partial<Pick<User, 'roles' | 'disabled' | 'name'>>): Promise<User | undefined> {
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.roles !== undefined) set.roles = JSON.stringify(patch.roles);
    if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
    if (Object.keys(set).length > 0) await mapped(this.db.updateTable('users').set(set).where('id', '=', id).execute());
    return this.get(id);
  }
}
