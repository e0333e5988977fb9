// Builds small signed logs for tests (not used in production code).
import { AuditLog } from '../audit/audit-log.ts';
import type { LogEntryInput } from '../audit/entry.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';
import { generateSignerKey, parseSignerKey } from '../audit/signed-note.ts';

export const testOrigin = 'abgleich.test/log';

export function testEntry(i: number, time = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()): LogEntryInput {
  return {
    time,
    actor: { user: `user-${i % 3}`, agency: 'agency-a', role: 'operator' },
    action: 'search.end',
    outcome: 'ok',
    purpose: 'criminal-investigation',
    caseRef: `case-${i}`,
    galleries: ['g1'],
    result: { counts: { candidates: i % 7 } },
  };
}

export function newTestLog(clock?: () => Date): { log: AuditLog; store: MemoryAuditStore; skey: string } {
  const skey = generateSignerKey(testOrigin);
  const store = new MemoryAuditStore();
  const log = new AuditLog({ store, signer: parseSignerKey(skey), ...(clock ? { clock } : {}) });
  return { log, store, skey };
}
