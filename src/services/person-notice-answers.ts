// What a recipient's review and disclosure decisions mean for a notice: the issuer learns hit or
// no-hit once the examiners concluded, and every answer and disclosure is logged for the statistics.
import type { Actor } from '../domain/entities.ts';
import type { Hit } from '../domain/workflow.ts';
import type { Store } from '../store/store.ts';
import type { AuditTrail } from './ports/audit-trail.ts';
import type { ServiceDeps } from './deps.ts';

type Deps = Pick<ServiceDeps, 'newId'> & { audit: AuditTrail };

/**
 * In the transaction that concluded a hit: if it was found under a notice, a confirmed hit answers
 * "hit"; the last pending candidate concluded without any confirmed answers "no-hit".
 */
export async function recordNoticeAnswer(deps: Deps, tx: Store, actor: Actor, hit: Hit, at: string): Promise<void> {
  const link = await tx.personNotices.hitByHitId(hit.id);
  if (!link) return;
  const notice = await tx.personNotices.get(link.noticeId);
  if (!notice) return;
  const siblings = (await tx.personNotices.hits(notice.id)).filter((l) => l.agencyId === link.agencyId);
  const states = await Promise.all(siblings.map(async (l) => (await tx.hits.get(l.hitId))?.state));
  let answer: 'hit' | 'no-hit' | null = null;
  if (states[siblings.findIndex((l) => l.hitId === hit.id)] === 'confirmed') answer = 'hit';
  else if (!states.includes('pending') && !states.includes('confirmed')) answer = 'no-hit';
  if (!answer) return;
  await tx.notifications.insert({
    id: deps.newId(), agencyId: notice.issuerAgencyId, kind: 'notice.answered', createdAt: at, readAt: null,
    payload: { noticeId: notice.id, recipientAgencyId: link.agencyId, answer, ...(answer === 'hit' ? { reference: link.id } : {}) },
  });
  await deps.audit.append({ action: 'notice.answer', actor, purpose: notice.purpose, caseRef: notice.caseRef, galleries: [hit.galleryId], object: { type: 'notice', id: notice.id }, decision: answer, recipients: [notice.issuerAgencyId], ...(answer === 'hit' ? { result: { ids: [link.id] } } : {}) }, tx);
}

/** In the transaction of an approved disclosure: one found under a notice is logged as the notice's disclosure. */
export async function recordNoticeDisclosure(deps: Deps, tx: Store, actor: Actor, hitId: string, requesterAgencyId: string): Promise<void> {
  const link = await tx.personNotices.hitByHitId(hitId);
  if (!link) return;
  await deps.audit.append({ action: 'notice.disclosed', actor, object: { type: 'notice', id: link.noticeId }, decision: 'approved', recipients: [requesterAgencyId], result: { ids: [link.id] } }, tx);
}

/** Whether a hit was found by a recipient under a notice (then its score and review notes stay with the recipient until step 2). */
export function foundUnderNotice(hit: Pick<Hit, 'requesterAgencyId'>, requesterAgencyId: string): boolean {
  return hit.requesterAgencyId !== requesterAgencyId;
}
