// Every search and verification names why it runs: purpose, case and the authorisation behind it.
import type { Actor } from './entities.ts';
import { fail } from './errors.ts';
import { authorize } from './policy.ts';

export interface CaseFields {
  purpose: string;
  caseRef: string;
  authorisationRef: string;
}

/** Throws ABG_ERR_VALIDATION naming the first of purpose, caseRef, authorisationRef that is empty. */
export function requireCaseFields(input: CaseFields, action: 'search' | 'verification'): void {
  for (const k of ['purpose', 'caseRef', 'authorisationRef'] as const) {
    const v = input[k];
    if (!v || !v.trim()) fail('ABG_ERR_VALIDATION', `${k} is required for every ${action}.`);
  }
}

/** Case work (a search or a verification) on the actor's own behalf: the role check, then the case fields. */
export function authorizeCaseWork(actor: Actor, action: 'search' | 'verification', input: CaseFields): void {
  authorize(actor, action === 'search' ? 'search.run' : 'verification.run', { type: 'agency', agencyId: actor.agencyId });
  requireCaseFields(input, action);
}
