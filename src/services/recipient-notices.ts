// Erasure and restriction reach the recipients (LED Art. 16(6)): every agency that received a
// subject's data in step 2 gets a notice, a notification and a log entry naming it, in the
// transaction of the erasure or objection; its copies held here act on the notice; it acknowledges.
import type { Actor } from '../domain/entities.ts';
import { fail } from '../domain/errors.ts';
import { purposesCovering } from '../domain/objection.ts';
import { authorize } from '../domain/policy.ts';
import { noticeFor, type RecipientNotice, type RecipientNoticeKind } from '../domain/recipient-notice.ts';
import type { Store } from '../store/store.ts';
import { exchange } from './review.service.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

interface Received {
  disclosureIds: string[];
  hitIds: string[];
  caseRefs: Set<string>;
}

/**
 * The agencies that received the subject's data, with what they know it by: approved disclosures
 * (core data in step 2), and hits whose candidate image was released to the requester's examiners
 * (release records). The owner's own searches are not recipients.
 */
export async function recipientsOf(tx: Store, subjectId: string, ownerAgencyId: string): Promise<Map<string, Received>> {
  const out = new Map<string, Received>();
  const released = new Set((await tx.releases.listBySubject(subjectId)).map((r) => r.hitId));
  for (const hit of await tx.hits.listBySubject(subjectId)) {
    if (hit.requesterAgencyId === ownerAgencyId) continue;
    const disclosed = (await tx.disclosures.listByHit(hit.id)).filter((d) => d.state === 'approved');
    const imageShown = released.has(hit.id);
    if (disclosed.length === 0 && !imageShown) continue;
    const r = out.get(hit.requesterAgencyId) ?? { disclosureIds: [], hitIds: [], caseRefs: new Set<string>() };
    r.hitIds.push(hit.id);
    for (const d of disclosed) {
      r.disclosureIds.push(d.id);
      r.caseRefs.add(d.caseRef);
    }
    const search = await tx.searches.get(hit.searchId);
    if (search) r.caseRefs.add(search.caseRef);
    out.set(hit.requesterAgencyId, r);
  }
  return out;
}

export interface NoticeInput {
  kind: RecipientNoticeKind;
  /** null for the system (retention). */
  actor: Actor | null;
  ownerAgencyId: string;
  subjectId: string;
  galleryId: string;
  objectionId?: string;
}

/**
 * Notifies every recipient of the subject inside `tx`: a notice, a notification and a log entry
 * naming it. The recipients' copies held here (disclosed core data, candidate images, 1:1
 * verification) answer by the notice: erased subjects are gone, restricted ones closed. The
 * erasure itself restricts the subject's release records (their templates go, their PDQ hashes stay
 * to refuse copies).
 */
export async function notifyRecipients(deps: Pick<WorkflowDeps, 'audit' | 'now' | 'newId'>, tx: Store, input: NoticeInput): Promise<RecipientNotice[]> {
  const at = deps.now().toISOString();
  const notices: RecipientNotice[] = [];
  for (const [recipientAgencyId, r] of await recipientsOf(tx, input.subjectId, input.ownerAgencyId)) {
    const notice: RecipientNotice = {
      id: deps.newId(), kind: input.kind, ownerAgencyId: input.ownerAgencyId, recipientAgencyId, subjectId: input.subjectId, objectionId: input.objectionId ?? null,
      disclosureIds: r.disclosureIds, hitIds: r.hitIds, caseRefs: [...r.caseRefs], createdAt: at, createdBy: input.actor?.userId ?? null,
      acknowledgedAt: null, acknowledgedBy: null, liftedAt: null,
    };
    await tx.recipientNotices.insert(notice);
    await tx.notifications.insert({
      id: deps.newId(), agencyId: recipientAgencyId, kind: `recipient-notice.${input.kind}`, createdAt: at, readAt: null,
      payload: { noticeId: notice.id, ownerAgencyId: input.ownerAgencyId, disclosureIds: notice.disclosureIds, hitIds: notice.hitIds, caseRefs: notice.caseRefs },
    });
    await deps.audit.append({
      action: 'recipient-notice', actor: input.actor, systemAgencyId: input.ownerAgencyId, galleries: [input.galleryId], object: { type: 'recipient-notice', id: notice.id },
      decision: input.kind, recipients: [recipientAgencyId], result: { ids: [...notice.disclosureIds, ...notice.hitIds] },
    }, tx);
    notices.push(notice);
  }
  return notices;
}

/** Lifts the restrictions an objection caused (it was withdrawn) and tells their recipients; returns the recipient agencies. */
export async function liftRestrictions(deps: Pick<WorkflowDeps, 'now' | 'newId'>, tx: Store, objectionId: string): Promise<string[]> {
  const at = deps.now().toISOString();
  const lifted = await tx.recipientNotices.liftByObjection(objectionId, at);
  for (const n of lifted) {
    await tx.notifications.insert({ id: deps.newId(), agencyId: n.recipientAgencyId, kind: 'recipient-notice.lifted', createdAt: at, readAt: null, payload: { noticeId: n.id, disclosureIds: n.disclosureIds, hitIds: n.hitIds } });
  }
  return [...new Set(lifted.map((n) => n.recipientAgencyId))];
}

/** Refuses with ABG_ERR_RESTRICTED where an active objection for search reaches one of the subject's samples (before a new release). */
export async function requireNoObjection(store: Store, subjectId: string): Promise<void> {
  const samples = (await store.samples.listBySubject(subjectId)).map((s) => s.id);
  if ((await store.objections.matchesForSamples(samples, purposesCovering('search'))).length > 0) fail('ABG_ERR_RESTRICTED', 'An objection reaches this subject; it is not released.');
}

/** Refuses with ABG_ERR_RESTRICTED where the owner restricted the subject for the recipient agency. */
export async function requireUnrestricted(store: Store, recipientAgencyId: string, subjectId: string): Promise<void> {
  if (await store.recipientNotices.restricted(recipientAgencyId, subjectId)) fail('ABG_ERR_RESTRICTED');
}

export class RecipientNoticeService {
  constructor(private readonly deps: WorkflowDeps) {}

  /** Notices the actor's agency sent (with their acknowledgement) or received. */
  async list(actor: Actor, open = false) {
    authorize(actor, 'recipient-notice.list', { type: 'agency', agencyId: actor.agencyId });
    return (await this.deps.store.recipientNotices.listForAgency(actor.agencyId, { open })).map((n) => noticeFor(actor.agencyId, n));
  }

  /** The recipient acknowledges a notice; logged once, and the owner is told. A repeated acknowledgement changes nothing. */
  async acknowledge(actor: Actor, id: string) {
    const n = await this.deps.store.recipientNotices.get(id);
    if (!n || (n.recipientAgencyId !== actor.agencyId && n.ownerAgencyId !== actor.agencyId)) fail('ABG_ERR_NOT_FOUND', `Recipient notice ${id}.`);
    authorize(actor, 'recipient-notice.acknowledge', exchange({ ownerAgencyId: n.ownerAgencyId, requesterAgencyId: n.recipientAgencyId }));
    const at = this.deps.now().toISOString();
    const logIndex = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.recipientNotices.acknowledge(id, actor.agencyId, actor.userId, at))) return null;
      await tx.notifications.insert({ id: this.deps.newId(), agencyId: n.ownerAgencyId, kind: 'recipient-notice.acknowledged', createdAt: at, readAt: null, payload: { noticeId: id, recipientAgencyId: n.recipientAgencyId } });
      return this.deps.audit.append({ action: 'recipient-notice.acknowledge', actor, object: { type: 'recipient-notice', id }, decision: n.kind, result: { ids: [...n.disclosureIds, ...n.hitIds] } }, tx);
    });
    return { notice: noticeFor(actor.agencyId, (await this.deps.store.recipientNotices.get(id))!), logIndex };
  }
}
