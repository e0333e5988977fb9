// The workbench's role lists say what the server's policy says: for every role alone, a page is
// offered exactly when the policy allows its main action, and an action button exactly when the
// policy allows the action, in the agency (or on the side of an exchange) where the page uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Action, type PolicyObject } from '../../src/domain/policy.ts';
import { roles } from '../../src/domain/roles.ts';
import { actionRoles, mayDo, mayOpen, pageRoles, type UiAction } from './access.ts';

const own: PolicyObject = { type: 'agency', agencyId: 'A' };
const asOwner: PolicyObject = { type: 'exchange', ownerAgencyId: 'A', requesterAgencyId: 'B' };
const asRequester: PolicyObject = { type: 'exchange', ownerAgencyId: 'B', requesterAgencyId: 'A' };
const actor = (role: (typeof roles)[number]) => ({ userId: 'u', agencyId: 'A', roles: [role], hostAgency: false });

/** Each page: the policy actions (with their object) any one of which makes the page useful. */
const pageActions: Record<string, [Action, PolicyObject][]> = {
  '/search': [['search.run', own]],
  '/review': [['hit.read', asRequester]],
  '/disclosure': [['disclosure.read', asRequester], ['disclosure.read', asOwner]],
  '/verification': [['verification.run', own]],
  '/enrollment': [['subject.enroll', own]],
  '/subjects': [['subject.list', own]],
  '/notifications': [['notification.read', own]],
  '/objections': [['objection.list', own]],
  '/hashsets': [['hashset.read', own]],
  '/triage': [['triage.run', own]],
  '/notices': [['notice.read', own], ['notice.inbox', own]],
  '/oversight': [['log.read', own], ['agreement.list', asOwner]],
};

/** Each action button: the policy action it calls, on the object the page calls it for. */
const uiActions: Record<UiAction, [Action, PolicyObject]> = {
  'gallery.manage': ['gallery.create', own],
  'gallery.reembed': ['gallery.update', own],
  'user.manage': ['user.create', own],
  'agency.update': ['agency.update', own],
  'hit.review': ['hit.review', asRequester],
  'disclosure.request': ['disclosure.request', asRequester],
  'disclosure.decide': ['disclosure.decide', asOwner],
  'disclosure.read-core-data': ['disclosure.read-core-data', asRequester],
  'subject.erase': ['subject.erase', own],
  'retention.run': ['retention.run', own],
  'objection.file': ['objection.file', own],
  'objection.check': ['objection.check', own],
  'objection.withdraw': ['objection.withdraw', own],
  'hashset.import': ['hashset.import', own],
  'agreement.create': ['agreement.create', asOwner],
  'recipient-notice.acknowledge': ['recipient-notice.acknowledge', asRequester],
  'log.read': ['log.read', own],
  'agreement.list': ['agreement.list', asOwner],
  'recipient-notice.list': ['recipient-notice.list', own],
  'notice.create': ['notice.create', own],
  'notice.approve': ['notice.approve', own],
  'notice.withdraw': ['notice.withdraw', own],
  'notice.answer': ['notice.answer', own],
};

test('a page is offered to a role exactly when the policy lets that role use it', () => {
  assert.deepEqual(Object.keys(pageActions).sort(), Object.keys(pageRoles).sort());
  for (const [path, actions] of Object.entries(pageActions)) {
    for (const role of roles) {
      const allowed = actions.some(([a, o]) => decide(actor(role), a, o).allow);
      assert.equal(mayOpen([role], path), allowed, `${path} for ${role}`);
    }
  }
});

test('an action is shown to a role exactly when the policy allows it', () => {
  for (const [ui, [a, o]] of Object.entries(uiActions) as [UiAction, [Action, PolicyObject]][]) {
    for (const role of roles) assert.equal(mayDo([role], ui), decide(actor(role), a, o).allow, `${ui} for ${role}`);
  }
  assert.deepEqual(Object.keys(uiActions).sort(), Object.keys(actionRoles).sort());
});

test('pages without a role list are open to everyone; several roles add up', () => {
  assert.equal(mayOpen([], '/galleries'), true);
  assert.equal(mayOpen([], '/search'), false);
  assert.equal(mayOpen(['auditor', 'operator'], '/search'), true);
  assert.equal(mayDo(['auditor', 'examiner'], 'hit.review'), true);
});
