// What each side sees of a circulated notice. The issuer sees per recipient only its answer
// (accepted or declined with reason, then hit / no-hit and the opaque references of confirmed hits),
// never a gallery; a recipient sees the notice's content and its own answer.
import type { Hit } from '../domain/workflow.ts';
import { effectiveState, type NoticeRecipient, type NoticeRecipientState, type NoticeSourceKind, type PersonNotice, type PersonNoticeState } from '../domain/person-notice.ts';
import type { Store } from '../store/store.ts';
import { agencyNames } from './agency-names.ts';
import { hitsOf } from './person-notice-search.ts';

export type NoticeAnswer = 'pending' | 'hit' | 'no-hit';

export interface NoticeRecipientView {
  agencyId: string;
  agencyName: string;
  state: NoticeRecipientState;
  /** The decline's reason. */
  reason: string | null;
  decidedAt: string | null;
  /** Accepted recipients: hit once examiners confirmed one, no-hit once every candidate was reviewed (or none was found); null otherwise. */
  answer: NoticeAnswer | null;
  /** Opaque references of confirmed hits, for a disclosure request (step 2). */
  references: string[];
}

interface NoticeContent {
  id: string;
  purpose: string;
  legalBasis: string;
  caseRef: string;
  description: string;
  validUntil: string;
  state: PersonNoticeState;
  sourceKind: NoticeSourceKind;
  probeKept: boolean;
}

export interface IssuedNoticeView extends NoticeContent {
  recipientMode: 'named' | 'all';
  sourceRef: string;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  endedAt: string | null;
  recipients: NoticeRecipientView[];
}

export interface ReceivedNoticeView extends NoticeContent {
  issuerAgencyId: string;
  issuerAgencyName: string;
  receivedAt: string;
  myState: NoticeRecipientState;
  galleryIds: string[];
  reason: string | null;
  decidedAt: string | null;
  /** Potential hits found under the notice in the recipient's galleries (its examiners review them under /v1/hits). */
  hitIds: string[];
}

const content = (n: PersonNotice, now: Date): NoticeContent => ({
  id: n.id, purpose: n.purpose, legalBasis: n.legalBasis, caseRef: n.caseRef, description: n.description, validUntil: n.validUntil,
  state: effectiveState(n, now), sourceKind: n.source.kind, probeKept: n.probeKey !== null,
});

/** A recipient's answer as the issuer may learn it. */
export function answerOf(r: NoticeRecipient, hits: Hit[]): { answer: NoticeAnswer | null; confirmed: Hit[] } {
  if (r.state !== 'accepted') return { answer: null, confirmed: [] };
  const confirmed = hits.filter((h) => h.state === 'confirmed');
  if (confirmed.length > 0) return { answer: 'hit', confirmed };
  return { answer: hits.some((h) => h.state === 'pending') ? 'pending' : 'no-hit', confirmed };
}

/** The notice as its issuer sees it. */
export async function issuedView(store: Store, n: PersonNotice, now: Date): Promise<IssuedNoticeView> {
  const nameOf = agencyNames(store);
  const links = await store.personNotices.hits(n.id);
  const recipients: NoticeRecipientView[] = [];
  for (const r of await store.personNotices.recipients(n.id)) {
    const mine = links.filter((l) => l.agencyId === r.agencyId);
    const { answer, confirmed } = answerOf(r, await hitsOf(store, mine.map((l) => l.hitId)));
    const references = mine.filter((l) => confirmed.some((h) => h.id === l.hitId)).map((l) => l.id);
    recipients.push({ agencyId: r.agencyId, agencyName: await nameOf(r.agencyId), state: r.state, reason: r.reason, decidedAt: r.decidedAt, answer, references });
  }
  return {
    ...content(n, now), recipientMode: n.recipientMode, sourceRef: n.source.ref, createdBy: n.createdBy, createdAt: n.createdAt,
    approvedBy: n.approvedBy, approvedAt: n.approvedAt, endedAt: n.endedAt, recipients,
  };
}

/** The notice as one recipient sees it. */
export async function receivedView(store: Store, n: PersonNotice, r: NoticeRecipient, now: Date): Promise<ReceivedNoticeView> {
  const links = (await store.personNotices.hits(n.id)).filter((l) => l.agencyId === r.agencyId);
  return {
    ...content(n, now), issuerAgencyId: n.issuerAgencyId, issuerAgencyName: await agencyNames(store)(n.issuerAgencyId), receivedAt: r.createdAt,
    myState: r.state, galleryIds: r.galleryIds, reason: r.reason, decidedAt: r.decidedAt, hitIds: links.map((l) => l.hitId),
  };
}
