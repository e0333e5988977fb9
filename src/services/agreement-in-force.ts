// The exchange a hit opened (disclosure, release of core data, verification of the disclosed
// subject) goes on only while the agreement it was found under is in force (docs/workflow.md).
import { agreementStatus } from '../domain/agreement.ts';
import { fail } from '../domain/errors.ts';
import type { Agreement, Hit } from '../domain/workflow.ts';
import type { ServiceDeps } from './deps.ts';

/** The hit's agreement when it is in force; ABG_ERR_AGREEMENT_ENDED when revoked or expired; undefined for a hit in the own gallery. */
export async function requireAgreementInForce(deps: Pick<ServiceDeps, 'store' | 'now'>, hit: Pick<Hit, 'agreementId'>): Promise<Agreement | undefined> {
  if (!hit.agreementId) return undefined;
  const now = deps.now();
  const a = await deps.store.agreements.get(hit.agreementId);
  const status = a ? agreementStatus(a, now) : 'gone';
  if (status !== 'active') fail('ABG_ERR_AGREEMENT_ENDED', `Agreement ${hit.agreementId} is ${status}.`, { agreementId: hit.agreementId, status });
  return a;
}
