// The adapter of the services' audit port over the Merkle log: maps the acting user to the logged actor and
// appends inside the caller's transaction.
import type { Actor } from '../domain/entities.ts';
import type { Role } from '../domain/roles.ts';
import type { AuditEvent, AuditTrail } from '../services/ports/audit-trail.ts';
import type { AuditStore } from '../audit/audit-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';

// The role recorded for an action: the one that allows it, where the actor holds several.
const roleOfAction: [RegExp, Role][] = [
  [/^(enrollment|search|verification|erasure|provenance)/, 'operator'],
  [/^(review|hit\.)/, 'examiner'],
  [/^(agreement|disclosure\.decision)/, 'owner-officer'],
  [/^(export|log)/, 'auditor'],
];

export function loggedRole(actor: Actor, action: string): Role {
  for (const [re, role] of roleOfAction) if (re.test(action) && actor.roles.includes(role)) return role;
  return actor.roles[0] ?? 'admin';
}

export class LogAuditTrail implements AuditTrail {
  constructor(private readonly log: AuditLog) {}

  /** `tx` is the caller's transaction; only its audit store is written. */
  async append(event: AuditEvent, tx: { audit: AuditStore }): Promise<number> {
    const { actor, systemAgencyId, outcome, ...rest } = event;
    const logged = actor
      ? { user: actor.userId, agency: actor.agencyId, role: loggedRole(actor, event.action) }
      : { user: 'system', agency: systemAgencyId ?? 'system', role: 'admin' as const };
    const r = await this.log.append({ ...rest, actor: logged, outcome: outcome ?? 'ok' }, { store: tx.audit });
    return r.index;
  }
}
