import { describe } from 'node:test';
import { auditStoreContract } from '../audit/audit-store.contract.ts';
import { MemoryAuditStore } from './memory-audit-store.ts';

describe('AuditStore contract: in memory', () => {
  const store = new MemoryAuditStore();
  auditStoreContract({ audit: () => store });
});
