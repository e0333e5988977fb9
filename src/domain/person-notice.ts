// Circulated notices about unknown persons: the issuing agency pushes a face to other agencies,
// each recipient decides under its own law whether to search its own galleries, and only hit /
// no-hit flows back until step 2. Not to be confused with recipient notices (recipient-notice.ts).
import { fail } from './errors.ts';

export const personNoticeStates = ['draft', 'circulated', 'withdrawn', 'expired'] as const;
export type PersonNoticeState = (typeof personNoticeStates)[number];

export const noticeRecipientStates = ['received', 'accepted', 'declined'] as const;
export type NoticeRecipientState = (typeof noticeRecipientStates)[number];

export const noticeSourceKinds = ['upload', 'triage', 'search'] as const;
export type NoticeSourceKind = (typeof noticeSourceKinds)[number];

/** Where the probe came from: an upload, a face found by triage (its run and file), or a search without hits. */
export interface NoticeSource {
  kind: NoticeSourceKind;
  /** triage: "<runId>#<seq> <file name>"; search: the search id; upload: the file name. */
  ref: string;
}

export interface PersonNotice {
  id: string;
  issuerAgencyId: string;
  purpose: string;
  legalBasis: string;
  caseRef: string;
  /** What the recipients need to decide; no personal data. */
  description: string;
  /** Named agencies, or every agency that accepts notices for the purpose (resolved at approval). */
  recipientMode: 'named' | 'all';
  recipientAgencyIds: string[];
  validUntil: string;
  state: PersonNoticeState;
  source: NoticeSource;
  /** The probe image sealed under the notice's data key; null once destroyed. */
  sealedProbe: string | null;
  /** The notice's wrapped data key; null once destroyed (key destruction ends every template too). */
  probeKey: string | null;
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  endedBy: string | null;
  endedAt: string | null;
}

export interface NoticeRecipient {
  noticeId: string;
  agencyId: string;
  state: NoticeRecipientState;
  /** The recipient's own galleries searched under the notice (accepted only). */
  galleryIds: string[];
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** The probe's templates per face model, sealed under the notice's key; empty once destroyed. */
  sealedTemplates: Record<string, string>;
  /** The recipient-side search record its potential hits belong to. */
  searchId: string | null;
  createdAt: string;
}

/** A potential hit found under a notice; its id is the opaque reference the issuer learns once reviewed. */
export interface NoticeHit {
  id: string;
  noticeId: string;
  agencyId: string;
  hitId: string;
  createdAt: string;
}

export interface NewNotice {
  purpose: string;
  legalBasis: string;
  caseRef: string;
  description: string;
  recipients: 'all' | string[];
  validUntil: string;
}

const text = (v: unknown, field: string, max: number): string => {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) fail('ABG_ERR_NOTICE_INVALID', `${field} is required.`, { field });
  if (s.length > max) fail('ABG_ERR_NOTICE_INVALID', `${field} is longer than ${max} characters.`, { field });
  return s;
};

/** Checks a new notice's fields; the validity must end in the future and within a year. */
export function validateNewNotice(input: NewNotice, now: Date): NewNotice {
  const purpose = text(input.purpose, 'purpose', 100);
  const legalBasis = text(input.legalBasis, 'legalBasis', 300);
  const caseRef = text(input.caseRef, 'caseRef', 200);
  const description = text(input.description, 'description', 2000);
  const recipients = input.recipients === 'all' ? 'all' : [...new Set((input.recipients ?? []).map((r) => r.trim()).filter(Boolean))];
  if (recipients !== 'all' && recipients.length === 0) fail('ABG_ERR_NOTICE_INVALID', 'Name at least one recipient agency, or "all".', { field: 'recipients' });
  const until = Date.parse(input.validUntil);
  if (!Number.isFinite(until)) fail('ABG_ERR_NOTICE_INVALID', 'validUntil is not a date.', { field: 'validUntil' });
  if (until <= now.getTime()) fail('ABG_ERR_NOTICE_INVALID', 'validUntil lies in the past: the notice would never be valid.', { field: 'validUntil' });
  if (until > now.getTime() + 366 * 86_400_000) fail('ABG_ERR_NOTICE_INVALID', 'validUntil lies more than a year ahead.', { field: 'validUntil' });
  return { purpose, legalBasis, caseRef, description, recipients, validUntil: new Date(until).toISOString() };
}

/** Whether the notice circulates now: approved, neither withdrawn nor past its validity. */
export function noticeActive(n: Pick<PersonNotice, 'state' | 'validUntil'>, now: Date): boolean {
  return n.state === 'circulated' && Date.parse(n.validUntil) > now.getTime();
}

/** The state as seen now: a circulated notice past its validity reads as expired before the job records it. */
export function effectiveState(n: Pick<PersonNotice, 'state' | 'validUntil'>, now: Date): PersonNoticeState {
  return n.state === 'circulated' && !noticeActive(n, now) ? 'expired' : n.state;
}
