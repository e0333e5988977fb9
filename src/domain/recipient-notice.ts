// Notices to the agencies that received a subject's data in step 2 (LED Art. 16(6)): the owner
// erased the subject or restricted it after an objection; the recipient must acknowledge.

/** Each kind of notice with what it tells the recipient. */
export const recipientNoticeMeanings = {
  erasure: 'the owner erased the subject',
  restriction: 'an objection restricts it',
} as const;
export type RecipientNoticeKind = keyof typeof recipientNoticeMeanings;
export const recipientNoticeKinds = Object.keys(recipientNoticeMeanings) as [RecipientNoticeKind, ...RecipientNoticeKind[]];

export interface RecipientNotice {
  id: string;
  kind: RecipientNoticeKind;
  ownerAgencyId: string;
  recipientAgencyId: string;
  /** The owner's subject id; never shown to the recipient. */
  subjectId: string;
  /** The owner's objection behind a restriction; never shown to the recipient. */
  objectionId: string | null;
  /** What the recipient knows the subject by: its approved disclosures, its hits and its cases. */
  disclosureIds: string[];
  hitIds: string[];
  caseRefs: string[];
  createdAt: string;
  /** The owner's user, or null when retention erased the subject. */
  createdBy: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** When the restriction ended (its objection was withdrawn); always null for an erasure. */
  liftedAt: string | null;
}

/** A notice as one side sees it: the recipient never learns the owner's subject or objection ids. */
export function noticeFor(agencyId: string, n: RecipientNotice): RecipientNotice & { direction: 'sent' | 'received' } {
  if (n.ownerAgencyId === agencyId) return { ...n, direction: 'sent' };
  return { ...n, subjectId: '', objectionId: null, direction: 'received' };
}
