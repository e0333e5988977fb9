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
  auditor: { own: ['agency.list', 'agency.read', 'user.list', 'gallery.list', 'gallery.read', 'log.read', 'stats.read'], other: ['agency.list', 'agency.read', 'log.read'] },
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
      if (action === 'agency.create' || !/^(agency|user|token|gallery)\./.test(action)) continue;
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

// Actions between two agencies: which roles may act, and on which side.
const exchange: Partial<Record<Action, { roles: Role[]; side: 'owner' | 'requester' | 'either' }>> = {
  'agreement.create': { roles: ['owner-officer'], side: 'owner' },
  'agreement.revoke': { roles: ['owner-officer'], side: 'owner' },
  'agreement.list': { roles: ['owner-officer', 'admin', 'operator', 'auditor'], side: 'either' },
  'hit.read': { roles: ['operator', 'examiner'], side: 'requester' },
  'hit.review': { roles: ['examiner'], side: 'requester' },
  'hit.probe-image': { roles: ['examiner'], side: 'requester' },
  'hit.candidate-image': { roles: ['examiner'], side: 'requester' },
  'disclosure.request': { roles: ['operator', 'examiner'], side: 'requester' },
  'disclosure.decide': { roles: ['owner-officer'], side: 'owner' },
  'disclosure.read-core-data': { roles: ['operator', 'examiner'], side: 'requester' },
};

test('policy matrix for exchanges: role × owner/requester/third agency', () => {
  const o: PolicyObject = { type: 'exchange', ownerAgencyId: 'OWN', requesterAgencyId: 'REQ' };
  for (const [action, rule] of Object.entries(exchange) as [Action, { roles: Role[]; side: string }][]) {
    for (const role of roles) {
      for (const agency of ['OWN', 'REQ', 'THIRD']) {
        const sideOk = rule.side === 'either' ? agency !== 'THIRD' : rule.side === 'owner' ? agency === 'OWN' : agency === 'REQ';
        const want = sideOk && rule.roles.includes(role);
        assert.equal(decide(actor(role, agency), action, o).allow, want, `${role}@${agency} ${action}`);
      }
    }
  }
});

test('workflow actions inside one agency: operators enroll and search, admins run retention, auditors neither', () => {
  const g: PolicyObject = { type: 'gallery', agencyId: 'A' };
  assert.equal(decide(actor('operator'), 'subject.enroll', g).allow, true);
  assert.equal(decide(actor('operator', 'B'), 'subject.enroll', g).allow, false);
  assert.equal(decide(actor('auditor'), 'subject.enroll', g).allow, false);
  assert.equal(decide(actor('examiner'), 'search.run', { type: 'agency', agencyId: 'A' }).allow, false);
  assert.equal(decide(actor('operator'), 'search.run', { type: 'agency', agencyId: 'A' }).allow, true);
  assert.equal(decide(actor('admin'), 'retention.run', g).allow, true);
  assert.equal(decide(actor('operator'), 'retention.run', g).allow, false);
});

test('auditors of the host agency export the log and see every agency\'s statistics; host admins apply retention', () => {
  const hostAuditor = actor('auditor', 'A', true);
  assert.equal(decide(hostAuditor, 'log.export', { type: 'agency', agencyId: 'B' }).allow, true);
  assert.equal(decide(hostAuditor, 'stats.read', { type: 'agency', agencyId: 'B' }).allow, true);
  assert.equal(decide(actor('admin', 'A', true), 'log.export', { type: 'agency', agencyId: 'A' }).allow, false);
  assert.equal(decide(actor('admin', 'A', true), 'log.retain', { type: 'installation' }).allow, true);
  assert.equal(decide(actor('admin', 'A', false), 'log.retain', { type: 'installation' }).allow, false);
});

test('only admins of the host agency calibrate face models', () => {
  assert.equal(decide(actor('admin', 'A', true), 'model.calibrate', { type: 'installation' }).allow, true);
  assert.equal(decide(actor('admin', 'A', false), 'model.calibrate', { type: 'installation' }).allow, false);
  for (const role of ['operator', 'examiner', 'auditor'] as const) assert.equal(decide(actor(role, 'A', true), 'model.calibrate', { type: 'installation' }).allow, false);
});

test('hash sets and triage: per role, own agency only; auditors and owner-officers see neither', () => {
  const own: PolicyObject = { type: 'agency', agencyId: 'A' };
  const other: PolicyObject = { type: 'agency', agencyId: 'B' };
  const allowed: Record<'hashset.import' | 'hashset.read' | 'triage.run' | 'triage.read', Role[]> = {
    'hashset.import': ['admin', 'operator'],
    'hashset.read': ['admin', 'operator', 'examiner'],
    'triage.run': ['operator'],
    'triage.read': ['operator', 'examiner'],
  };
  for (const [action, rs] of Object.entries(allowed) as [Action, Role[]][]) {
    for (const role of roles) {
      assert.equal(decide(actor(role), action, own).allow, rs.includes(role), `${role} ${action} own`);
      assert.equal(decide(actor(role, 'A', true), action, other).allow, false, `${role} ${action} on another agency, even from the host`);
    }
  }
});

test('sample provenance is read and corrected by operators and admins of the owning agency only', () => {
  for (const action of ['sample.list', 'sample.update-provenance'] as const) {
    for (const role of roles) {
      const own = decide(actor(role), action, { type: 'gallery', agencyId: 'A' }).allow;
      assert.equal(own, role === 'operator' || role === 'admin', `${role} ${action} own`);
      assert.equal(decide(actor(role), action, { type: 'gallery', agencyId: 'B' }).allow, false, `${role} ${action} other`);
    }
  }
});
