// First start: the host agency, its first admin and that admin's token, in one transaction.
import type { Agency, User } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { defaultDisagreementRule } from '../domain/workflow.ts';
import type { AuditedDeps } from './write-with-log-entry.ts';
import { TokenService } from './token.service.ts';

export interface BootstrapInput {
  agencyName: string;
  country?: string | null;
  adminName: string;
}

export interface BootstrapResult {
  agency: Agency;
  user: User;
  /** Shown once; only its digest is stored. */
  token: string;
}

export async function bootstrap(deps: AuditedDeps, input: BootstrapInput): Promise<BootstrapResult> {
  return deps.store.transaction(async (store) => {
    if ((await store.agencies.count()) > 0) fail('ABG_ERR_CONFLICT', 'This installation is already initialised; use an admin token to add agencies and users.');
    const createdAt = deps.now().toISOString();
    const agency: Agency = { id: deps.newId(), name: input.agencyName, country: input.country ?? null, isHost: true, reviewsRequired: 2, singleReviewBasis: null, onDisagreement: defaultDisagreementRule, createdAt };
    const user: User = { id: deps.newId(), agencyId: agency.id, name: input.adminName, roles: ['admin'], disabled: false, createdAt };
    await store.agencies.insert(agency);
    await store.users.insert(user);
    const { token } = await new TokenService({ ...deps, store }).issueUnchecked(user.id, 'initial admin token', null);
    await deps.audit.append({ action: 'agency.change', actor: null, systemAgencyId: agency.id, object: { type: 'agency', id: agency.id }, decision: 'initialised', result: { ids: [user.id] } }, store);
    return { agency, user, token };
  });
}
