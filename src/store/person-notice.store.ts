// Store interface of circulated notices about unknown persons, their recipients and the hits found under them.
import type { NoticeHit, NoticeRecipient, PersonNotice, PersonNoticeState } from '../domain/person-notice.ts';

export interface PersonNoticeStore {
  insert(n: PersonNotice): Promise<void>;
  get(id: string): Promise<PersonNotice | undefined>;
  /** Notices the agency issued, newest first. */
  listByIssuer(agencyId: string): Promise<PersonNotice[]>;
  /** Moves a notice from one state to another; false when it was no longer in `from`. */
  transition(id: string, from: PersonNoticeState, to: PersonNoticeState, patch: Partial<Pick<PersonNotice, 'approvedBy' | 'approvedAt' | 'endedBy' | 'endedAt' | 'recipientAgencyIds'>>): Promise<boolean>;
  /** Destroys the probe image and the notice's key, every recipient's sealed templates and its search records' probe copies. */
  destroyProbe(id: string): Promise<void>;
  /** Circulated notices whose validity ended before `now`. */
  listExpired(now: string): Promise<PersonNotice[]>;
  insertRecipients(rows: NoticeRecipient[]): Promise<void>;
  recipient(noticeId: string, agencyId: string): Promise<NoticeRecipient | undefined>;
  recipients(noticeId: string): Promise<NoticeRecipient[]>;
  /** Notices the agency received, with its own row, newest first. */
  inbox(agencyId: string): Promise<{ notice: PersonNotice; recipient: NoticeRecipient }[]>;
  /** Records the recipient's answer once; false when it had answered already. */
  answer(noticeId: string, agencyId: string, patch: Pick<NoticeRecipient, 'state' | 'galleryIds' | 'reason' | 'decidedBy' | 'decidedAt' | 'sealedTemplates' | 'searchId'>): Promise<boolean>;
  /** Accepted recipients of circulated notices, valid after `now`, that search the gallery (the standing searches). */
  standing(galleryId: string, now: string): Promise<{ notice: PersonNotice; recipient: NoticeRecipient }[]>;
  insertHits(rows: NoticeHit[]): Promise<void>;
  hits(noticeId: string): Promise<NoticeHit[]>;
  hitByHitId(hitId: string): Promise<NoticeHit | undefined>;
  hitById(id: string): Promise<NoticeHit | undefined>;
  /** Agencies accepting notices for the purpose. */
  acceptingAgencies(purpose: string): Promise<string[]>;
  acceptedPurposes(agencyId: string): Promise<string[]>;
  setAcceptedPurposes(agencyId: string, purposes: string[]): Promise<void>;
}
