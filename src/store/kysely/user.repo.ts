import type { Kysely } from 'kysely';
import type { User } from '../../domain/entities.ts';
import type { UserStore } from '../store.ts';
import type { Database } from './schema.ts';
import { mapped } from './db-errors.ts';
import { EntityRepo } from './entity-repo.ts';
import { fromUser, toUser } from './rows.ts';

export class UserRepo extends EntityRepo<User> implements UserStore {
  constructor(db: Kysely<Database>) {
    super(db, 'users', fromUser, toUser);
  }

  async listByAgency(agencyId: string): Promise<User[]> {
    return this.listBy('agency_id', agencyId);
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
