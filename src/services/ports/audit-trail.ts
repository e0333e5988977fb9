// What services need from the audit log: append an event inside the caller's transaction, so that
// a state change and its log entry commit together ("log before answer").
import type { Actor } from '../../domain/entities.ts';
import type { Store } from '../../store/store.ts';

export interface AuditEvent {
  action: string;
  actor: Actor | null;
  purpose?: string;
  caseRef?: string;
  authorisationRef?: string;
  galleries?: string[];
  /** Opaque ids and counts; never images, templates or core data. */
  result?: Record<string, unknown>;
  /** Keyed commitment (HMAC) to a probe. */
  probeCommitment?: string;
}

export interface AuditTrail {
  /** Appends the event and returns its log index. Throws if it cannot be recorded. */
  append(event: AuditEvent, tx: Store): Promise<number>;
}
