// The services' AuditTrail port over the Merkle log: turns each service event into a log entry
// and appends it inside the caller's transaction, so the state change and its entry commit
// together. Event vocabulary differences are settled here, once, so that statistics read one
// convention (docs/audit.md).
import type { Actor } from '../domain/entities.ts';
import type { Role } from '../domain/roles.ts';
import type { AuditEvent, AuditTrail } from '../services/ports/audit-trail.ts';
import type { Store } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';
import { auditActions as A, type LogEntry, type LogEntryInput } from './entry.ts';

/** The role an action is performed in, most specific first; the actor's first role otherwise. */
const rolesFor: Record<string, Role[]> = {
  'search.start': ['operator'], 'search.end': ['operator'], verification: ['operator'], enrollment: ['operator', 'admin'], erasure: ['operator', 'admin'],
  'review.decision': ['examiner'], 'hit.candidate-image': ['examiner'], 'hit.probe-image': ['examiner'],
  'disclosure.request': ['operator', 'examiner'], 'disclosure.read': ['operator', 'examiner'],
  'disclosure.approve': ['owner-officer'], 'disclosure.deny': ['owner-officer'], 'agreement.create': ['owner-officer'], 'agreement.revoke': ['owner-officer'],
};

function actorEntry(actor: Actor | null, action: string): LogEntry['actor'] {
  if (!actor) return { user: 'system', agency: 'system', role: 'system' };
  const role = (rolesFor[action] ?? []).find((r) => actor.roles.includes(r)) ?? actor.roles[0] ?? 'system';
  return { user: actor.userId, agency: actor.agencyId, role };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

/** Maps one service event to a log entry (without time; the log sets it). */
export function entryForEvent(event: AuditEvent): LogEntryInput {
  const result: Record<string, unknown> = { ...(event.result ?? {}) };
  const entry: LogEntryInput = {
    actor: actorEntry(event.actor, event.action),
    action: event.action,
    outcome: 'ok',
    ...(event.purpose ? { purpose: event.purpose } : {}),
    ...(event.caseRef ? { caseRef: event.caseRef } : {}),
    ...(event.authorisationRef ? { authorisationRef: event.authorisationRef } : {}),
    ...(event.galleries ? { galleries: event.galleries } : {}),
    ...(event.probeCommitment ? { probes: [event.probeCommitment] } : {}),
  };
  switch (event.action) {
    case A.searchEnd: {
      // perGallery holds candidate counts ({ g: n }) or count tables ({ g: { candidates, potentialHits } }).
      const per = (result.perGallery ?? {}) as Record<string, unknown>;
      delete result.perGallery;
      result.byGallery = Object.fromEntries(Object.entries(per).map(([g, v]) => [g, typeof v === 'number' ? { candidates: v } : v]));
      break;
    }
    case A.reviewDecision: {
      const hitId = str(result.hitId);
      if (hitId) entry.object = { type: 'hit', id: hitId };
      if (str(result.decision)) entry.decision = str(result.decision)!;
      if (str(result.outcome)) result.hitState = result.outcome;
      delete result.outcome;
      break;
    }
    case 'disclosure.approve':
    case 'disclosure.deny': {
      entry.action = A.disclosureDecision;
      entry.decision = event.action === 'disclosure.approve' ? 'approved' : 'denied';
      break;
    }
    case A.verification:
      if (str(result.decision)) entry.decision = str(result.decision)!;
      break;
    default:
      break;
  }
  if (event.action.startsWith('disclosure.')) {
    const id = str(result.disclosureId);
    if (id) entry.object = { type: 'disclosure', id };
    const recipients = strings(result.recipients);
    if (recipients && entry.decision !== 'denied') entry.recipients = recipients;
    delete result.recipients;
  }
  if (Object.keys(result).length > 0) entry.result = result as LogEntryInput['result'];
  return entry;
}

/** AuditTrail for the services: appends to `log` inside the transaction `tx`. */
export class LogAuditTrail implements AuditTrail {
  constructor(private readonly log: AuditLog) {}

  async append(event: AuditEvent, tx: Store): Promise<number> {
    return (await this.log.append(entryForEvent(event), { store: tx.audit })).index;
  }
}
