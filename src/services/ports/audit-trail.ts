// What services need from the audit log: append an entry inside the caller's transaction, so that
// a state change and its log entry commit together ("log before answer").
import type { LogEntryInput } from '../../domain/log-entry.ts';
import type { Actor } from '../../domain/entities.ts';
import type { Store } from '../../store/store.ts';

/** A log entry as services describe it: the acting user instead of the logged actor triple. */
export type AuditEvent = Omit<LogEntryInput, 'actor' | 'outcome'> & {
  /** null for the system itself (scheduled retention), logged under the owning agency. */
  actor: Actor | null;
  /** The agency the system acted for, when actor is null. */
  systemAgencyId?: string;
  outcome?: LogEntryInput['outcome'];
};

export interface AuditTrail {
  /** Appends the entry in `tx` and returns its log index. Throws ABG_ERR_AUDIT_UNAVAILABLE if it cannot. */
  append(event: AuditEvent, tx: Store): Promise<number>;
}
