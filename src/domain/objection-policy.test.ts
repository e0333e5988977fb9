import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Action } from './policy.ts';
import type { Actor } from './entities.ts';
import { roles, type Role } from './roles.ts';
import { objectionCovers, purposesCovering } from './objection.ts';

const actor = (role: Role): Actor => ({ userId: 'u1', agencyId: 'A', roles: [role], hostAgency: false });

// Who may do what with objections and dataset exports, in their own agency; nobody in another.
const allowed: Record<Action & `${'objection' | 'export'}.${string}`, Role[]> = {
  'objection.file': ['owner-officer', 'admin'],
  'objection.withdraw': ['owner-officer', 'admin'],
  'objection.check': ['owner-officer', 'admin'],
  'objection.list': ['owner-officer', 'admin', 'auditor'],
  'objection.read': ['owner-officer', 'admin', 'auditor'],
  'export.manifest': ['admin'],
};

test('objection and export rules: role × own/other agency', () => {
  for (const [action, who] of Object.entries(allowed) as [Action, Role[]][]) {
    for (const role of roles) {
      assert.equal(decide(actor(role), action, { type: 'agency', agencyId: 'A' }).allow, who.includes(role), `${role} ${action} own`);
      assert.equal(decide(actor(role), action, { type: 'agency', agencyId: 'B' }).allow, false, `${role} ${action} other`);
    }
  }
});

test('an objection for all purposes covers search and AI training; one for search does not cover AI training', () => {
  assert.equal(objectionCovers(['all'], 'search'), true);
  assert.equal(objectionCovers(['all'], 'ai-training'), true);
  assert.equal(objectionCovers(['search'], 'search'), true);
  assert.equal(objectionCovers(['search'], 'ai-training'), false);
  assert.deepEqual(purposesCovering('ai-training'), ['ai-training', 'all']);
  assert.deepEqual(purposesCovering('all'), ['search', 'ai-training', 'all']);
});
