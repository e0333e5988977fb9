import type { Actor, User } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { authorize } from '../domain/policy.ts';
import type { Role } from '../domain/roles.ts';
import { writeWithLogEntry, type AuditedDeps } from './write-with-log-entry.ts';

export interface CreateUserInput {
  /** Defaults to the actor's agency. */
  agencyId?: string;
  name: string;
  roles: Role[];
}

export class UserService {
  constructor(private readonly deps: AuditedDeps) {}

  async create(actor: Actor, input: CreateUserInput): Promise<User> {
    const agencyId = input.agencyId ?? actor.agencyId;
    authorize(actor, 'user.create', { type: 'user', agencyId, userId: '' });
    if (!(await this.deps.store.agencies.get(agencyId))) fail('ABG_ERR_NOT_FOUND', `Agency ${agencyId}.`);
    const user: User = { id: this.deps.newId(), agencyId, name: input.name, roles: unique(input.roles), disabled: false, createdAt: this.deps.now().toISOString() };
    await writeWithLogEntry(this.deps, (tx) => tx.users.insert(user), () => ({ action: 'user.change', actor, object: { type: 'user', id: user.id }, decision: 'created' }));
    return user;
  }

  async list(actor: Actor, agencyId = actor.agencyId): Promise<User[]> {
    authorize(actor, 'user.list', { type: 'user', agencyId, userId: '' });
    return this.deps.store.users.listByAgency(agencyId);
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.deps.store.users.get(id);
    // Users of other agencies are reported as absent, not forbidden: their existence is not disclosed.
    if (!user || user.agencyId !== actor.agencyId) fail('ABG_ERR_NOT_FOUND', `User ${id}.`);
    authorize(actor, 'user.read', { type: 'user', agencyId: user.agencyId, userId: user.id });
    return user;
  }

  async update(actor: Actor, id: string, patch: { roles?: Role[]; disabled?: boolean; name?: string }): Promise<User> {
    const user = await this.get(actor, id);
    authorize(actor, 'user.update', { type: 'user', agencyId: user.agencyId, userId: user.id });
    if (user.id === actor.userId && (patch.disabled === true || (patch.roles && !patch.roles.includes('admin')))) {
      fail('ABG_ERR_CONFLICT', 'An admin cannot disable or demote their own account; ask another admin.');
    }
    const next = { ...patch, ...(patch.roles ? { roles: unique(patch.roles) } : {}) };
    const updated = await writeWithLogEntry(this.deps, (tx) => tx.users.update(id, next), () => ({ action: 'user.change', actor, object: { type: 'user', id }, decision: patch.disabled ? 'disabled' : 'updated' }));
    return updated ?? fail('ABG_ERR_NOT_FOUND', `User ${id}.`);
  }
}

const unique = (roles: Role[]): Role[] => [...new Set(roles)];
