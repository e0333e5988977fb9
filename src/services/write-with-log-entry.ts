// A write and the log entry that records it, in one transaction: both commit, or neither does.
import type { Store } from '../store/store.ts';
import type { ServiceDeps } from './deps.ts';
import type { AuditEvent, AuditTrail } from './ports/audit-trail.ts';

export type AuditedDeps = ServiceDeps & { audit: AuditTrail };

export function writeWithLogEntry<T>(deps: AuditedDeps, write: (tx: Store) => Promise<T>, describe: (result: T) => AuditEvent): Promise<T> {
  return deps.store.transaction(async (tx) => {
    const result = await write(tx);
    await deps.audit.append(describe(result), tx);
    return result;
  });
}
