// Store interface of recipient notices (erasure and restriction notices to step-2 recipients).
import type { RecipientNotice } from '../domain/recipient-notice.ts';

export interface RecipientNoticeStore {
  insert(n: RecipientNotice): Promise<void>;
  get(id: string): Promise<RecipientNotice | undefined>;
  /** Notices the agency sent (as owner) or received (as recipient), oldest first; `open`: not yet acknowledged. */
  listForAgency(agencyId: string, options?: { open?: boolean }): Promise<RecipientNotice[]>;
  /** Records the recipient's acknowledgement once; false when the agency received no such notice or it was acknowledged already. */
  acknowledge(id: string, recipientAgencyId: string, by: string, at: string): Promise<boolean>;
  /** Whether a restriction of the subject that was not lifted reaches the recipient agency. */
  restricted(recipientAgencyId: string, subjectId: string): Promise<boolean>;
  /** Lifts the restrictions of one objection (it was withdrawn); returns the notices lifted. */
  liftByObjection(objectionId: string, at: string): Promise<RecipientNotice[]>;
}
