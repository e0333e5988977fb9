import type { Actor, Agency, User } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { defaultDisagreementRule, type DisagreementRule } from '../domain/workflow.ts';
import { authorize } from '../domain/policy.ts';
import { writeWithLogEntry, type AuditedDeps } from './write-with-log-entry.ts';
import { TokenService } from './token.service.ts';

export interface CreateAgencyInput {
  name: string;
  country?: string | null;
  /** Creates the new agency's first admin too; its token is returned once. */
  adminName?: string;
}

export interface CreatedAgency {
  agency: Agency;
  admin: { user: User; token: string } | null;
}

export class AgencyService {
  constructor(private readonly deps: AuditedDeps) {}

  async create(actor: Actor, input: CreateAgencyInput): Promise<CreatedAgency> {
    authorize(actor, 'agency.create', { type: 'installation' });
    return writeWithLogEntry(this.deps, async (store) => {
      const createdAt = this.deps.now().toISOString();
      const agency: Agency = { id: this.deps.newId(), name: input.name, country: input.country ?? null, isHost: false, reviewsRequired: 2, singleReviewBasis: null, onDisagreement: defaultDisagreementRule, createdAt };
      await store.agencies.insert(agency);
      if (!input.adminName) return { agency, admin: null };
      const user: User = { id: this.deps.newId(), agencyId: agency.id, name: input.adminName, roles: ['admin'], disabled: false, createdAt };
      await store.users.insert(user);
      const { token } = await new TokenService({ ...this.deps, store }).issueUnchecked(user.id, 'initial admin token', null);
      return { agency, admin: { user, token } };
    }, (r) => ({ action: 'agency.change', actor, object: { type: 'agency', id: r.agency.id }, decision: 'created', result: { ids: r.admin ? [r.admin.user.id] : [] } }));
  }

  async list(actor: Actor): Promise<Agency[]> {
    authorize(actor, 'agency.list', { type: 'installation' });
    return this.deps.store.agencies.list();
  }

  async get(actor: Actor, id: string): Promise<Agency> {
    authorize(actor, 'agency.read', { type: 'agency', agencyId: id });
    return (await this.deps.store.agencies.get(id)) ?? fail('ABG_ERR_NOT_FOUND', `Agency ${id}.`);
  }

  async update(actor: Actor, id: string, patch: { name?: string; country?: string | null; reviewsRequired?: 1 | 2; singleReviewBasis?: string | null; onDisagreement?: DisagreementRule }): Promise<Agency> {
    authorize(actor, 'agency.update', { type: 'agency', agencyId: id });
    // How its examiners decide is the agency's own matter.
    if (patch.onDisagreement !== undefined && id !== actor.agencyId) fail('ABG_ERR_FORBIDDEN', 'Only the agency itself sets what settles a split between its examiners.');
    if (patch.reviewsRequired !== undefined || patch.singleReviewBasis !== undefined) {
      // How many examiners decide is recorded with its legal basis.
      if (id !== actor.agencyId) fail('ABG_ERR_FORBIDDEN', 'Only the agency itself sets how many reviews its hits need.');
      const current = await this.get(actor, id);
      const reviews = patch.reviewsRequired ?? current.reviewsRequired;
      const basis = patch.singleReviewBasis !== undefined ? patch.singleReviewBasis : current.singleReviewBasis;
      if (reviews === 1 && !basis) fail('ABG_ERR_VALIDATION', 'A single review needs the legal basis that allows it (singleReviewBasis).');
      if (reviews === 2) patch = { ...patch, singleReviewBasis: null };
    }
    const updated = await writeWithLogEntry(this.deps, (tx) => tx.agencies.update(id, patch), () => ({ action: 'agency.change', actor, object: { type: 'agency', id }, decision: 'updated' }));
    return updated ?? fail('ABG_ERR_NOT_FOUND', `Agency ${id}.`);
  }
}
