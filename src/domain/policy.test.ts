import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, authorize, allActions, type Action, type PolicyObject } from './policy.ts';
import type { Actor } from './entities.ts';
import { roles, type Role } from './roles.ts';
import { AbgError } from './errors.ts';

const actor = (role: Role, agencyId = 'A', hostAgency = false, userId = 'u1'): Actor => ({ userId, agencyId, roles: [role], hostAgency });

// Expected decisions for a member of agency A acting on objects of A (own) and of B (other).
// Rows not listed for a role are denied.
const expectedAllowed: Record<Role, { own: Action[]; other: Action[] }> = {
  admin: {
    own: ['agency.list', 'agency.read', 'agency.update', 'user.create', 'user.list', 'user.read', 'user.update', 'token.create', 'token.list', 'token.revoke', 'gallery.create', 'gallery.list', 'gallery.read', 'gallery.update', 'gallery.delete'],
    other: ['agency.list', 'agency.read'],
  },
  operator: { own: ['agency.list', 'agency.read', 'gallery.list', 'gallery.read'], other: ['agency.list', 'agency.read'] },
  examiner: { own: ['agency.list', 'agency.read', 'gallery.list', 'gallery.read'], other: ['agency.list', 'agency.read'] },
  'owner-officer': { own: ['agency.list', 'agency.read', 'gallery.list', 'gallery.read'], other: ['agency.list', 'agency.read'] },
  auditor: { own: ['agency.list', 'agency.read', 'gallery.list', 'gallery.read'], other: ['agency.list', 'agency.read'] },
};

function objectFor(action: Action, agencyId: string): PolicyObject {
  const noun = action.split('.')[0];
  if (noun === 'user' || noun === 'token') return { type: 'user', agencyId, userId: 'someone-else' };
  if (noun === 'gallery') return { type: 'gallery', agencyId };
  return { type: 'agency', agencyId };
}

test('policy matrix: every action × role × own/other agency matches the table', () => {
  for (const role of roles) {
    for (const action of allActions) {
      if (action === 'agency.create') continue;
      for (const [where, agencyId] of [['own', 'A'], ['other', 'B']] as const) {
        const d = decide(actor(role), action, objectFor(action, agencyId));
        const want = expectedAllowed[role][where].includes(action);
        assert.equal(d.allow, want, `${role} ${action} on ${where} agency: ${d.reason}`);
      }
    }
  }
});

test('only an admin of the host agency creates agencies', () => {
  assert.equal(decide(actor('admin', 'A', true), 'agency.create', { type: 'installation' }).allow, true);
  assert.equal(decide(actor('admin', 'A', false), 'agency.create', { type: 'installation' }).allow, false);
  assert.equal(decide(actor('operator', 'A', true), 'agency.create', { type: 'installation' }).allow, false);
});

test('users manage their own tokens; not other users of their agency', () => {
  const self: PolicyObject = { type: 'user', agencyId: 'A', userId: 'u1' };
  for (const role of roles) {
    assert.equal(decide(actor(role), 'token.create', self).allow, true, role);
    assert.equal(decide(actor(role), 'token.revoke', self).allow, true, role);
  }
  assert.equal(decide(actor('examiner'), 'token.revoke', { type: 'user', agencyId: 'A', userId: 'u2' }).allow, false);
});

test('authorize throws ABG_ERR_FORBIDDEN with the reason', () => {
  assert.throws(
    () => authorize(actor('operator'), 'gallery.create', { type: 'gallery', agencyId: 'A' }),
    (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_FORBIDDEN' && /admin/.test(e.message),
  );
});
