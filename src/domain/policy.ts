// Authorization as a pure function of (actor, action, object). Services ask; nothing else decides.
// Later workflows add actions here; every action has exactly one rule.
import type { Actor } from './entities.ts';
import type { Role } from './roles.ts';
import { fail } from './errors.ts';

/** The object an action touches, reduced to what a decision needs. */
export type PolicyObject =
  | { type: 'installation' }
  | { type: 'agency'; agencyId: string }
  | { type: 'user'; agencyId: string; userId: string }
  | { type: 'gallery'; agencyId: string }
  /** Something between two agencies: an agreement, a potential hit, a disclosure. */
  | { type: 'exchange'; ownerAgencyId: string; requesterAgencyId: string };

export type Action =
  | 'agency.create'
  | 'agency.list'
  | 'agency.read'
  | 'agency.update'
  | 'user.create'
  | 'user.list'
  | 'user.read'
  | 'user.update'
  | 'token.create'
  | 'token.list'
  | 'token.revoke'
  | 'gallery.create'
  | 'gallery.list'
  | 'gallery.read'
  | 'gallery.update'
  | 'gallery.delete'
  | 'subject.enroll'
  | 'subject.list'
  | 'subject.erase'
  | 'sample.list'
  | 'sample.update-provenance'
  | 'retention.run'
  | 'agreement.create'
  | 'agreement.revoke'
  | 'agreement.list'
  | 'search.run'
  | 'verification.run'
  | 'hit.read'
  | 'hit.review'
  | 'hit.probe-image'
  | 'hit.candidate-image'
  | 'disclosure.request'
  | 'disclosure.decide'
  | 'disclosure.read'
  | 'disclosure.read-core-data'
  | 'notification.read'
  | 'recipient-notice.list'
  | 'recipient-notice.acknowledge'
  | 'log.read'
  | 'log.export'
  | 'log.retain'
  | 'stats.read'
  | 'objection.file'
  | 'objection.list'
  | 'objection.read'
  | 'objection.withdraw'
  | 'objection.check'
  | 'export.manifest'
  | 'hashset.import'
  | 'hashset.read'
  | 'triage.run'
  | 'triage.read'
  | 'model.calibrate'
  | 'notice.create'
  | 'notice.approve'
  | 'notice.withdraw'
  | 'notice.read'
  | 'notice.inbox'
  | 'notice.answer'
  | 'notice.settings'
  | 'notice.request-disclosure';

export interface Decision {
  allow: boolean;
  reason: string;
}

const allow = (reason: string): Decision => ({ allow: true, reason });
const deny = (reason: string): Decision => ({ allow: false, reason });

const has = (actor: Actor, role: Role) => actor.roles.includes(role);
const ownAgency = (actor: Actor, o: PolicyObject) => 'agencyId' in o && o.agencyId === actor.agencyId;
const isSelf = (actor: Actor, o: PolicyObject) => o.type === 'user' && o.userId === actor.userId;

function adminOfOwnAgency(actor: Actor, o: PolicyObject): Decision {
  if (!has(actor, 'admin')) return deny('requires the admin role');
  return ownAgency(actor, o) ? allow('admin of the owning agency') : deny('admins manage only their own agency');
}

function selfOrAdmin(actor: Actor, o: PolicyObject): Decision {
  if (isSelf(actor, o)) return allow('own account');
  return adminOfOwnAgency(actor, o);
}

const owner = (a: Actor, o: PolicyObject) => o.type === 'exchange' && o.ownerAgencyId === a.agencyId;
const requester = (a: Actor, o: PolicyObject) => o.type === 'exchange' && o.requesterAgencyId === a.agencyId;

function roleInOwnAgency(roles: Role[], what: string) {
  return (a: Actor, o: PolicyObject): Decision => {
    if (!roles.some((r) => has(a, r))) return deny(`requires the ${roles.join(' or ')} role`);
    return ownAgency(a, o) ? allow(`${what} of the owning agency`) : deny('only the owning agency may do this');
  };
}

function roleOnSide(roles: Role[], side: 'owner' | 'requester' | 'either') {
  return (a: Actor, o: PolicyObject): Decision => {
    if (!roles.some((r) => has(a, r))) return deny(`requires the ${roles.join(' or ')} role`);
    const ok = side === 'owner' ? owner(a, o) : side === 'requester' ? requester(a, o) : owner(a, o) || requester(a, o);
    return ok ? allow(`${roles.join('/')} of the ${side === 'either' ? 'owning or requesting' : side === 'owner' ? 'owning' : 'requesting'} agency`) : deny(`only the ${side === 'either' ? 'parties' : side === 'owner' ? 'owning agency' : 'requesting agency'} may do this`);
  };
}

const rules: Record<Action, (actor: Actor, o: PolicyObject) => Decision> = {
  'agency.create': (a) =>
    has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : deny('only admins of the host agency create agencies'),
  'agency.list': () => allow('agency names are not personal data; every member may see who takes part'),
  'agency.read': () => allow('agency names are not personal data; every member may see who takes part'),
  'agency.update': (a, o) => (has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : adminOfOwnAgency(a, o)),
  'user.create': adminOfOwnAgency,
  'user.list': (a, o) => (has(a, 'auditor') && ownAgency(a, o) ? allow("auditor of the agency: its log names who acted") : adminOfOwnAgency(a, o)),
  'user.read': selfOrAdmin,
  'user.update': adminOfOwnAgency,
  'token.create': selfOrAdmin,
  'token.list': selfOrAdmin,
  'token.revoke': selfOrAdmin,
  'gallery.create': adminOfOwnAgency,
  'gallery.list': (a, o) => (ownAgency(a, o) ? allow('member of the owning agency') : deny('galleries of other agencies are not listed')),
  'gallery.read': (a, o) => (ownAgency(a, o) ? allow('member of the owning agency') : deny('galleries of other agencies are not visible')),
  'gallery.update': adminOfOwnAgency,
  'gallery.delete': adminOfOwnAgency,
  'subject.enroll': roleInOwnAgency(['operator', 'admin'], 'operator'),
  'subject.list': roleInOwnAgency(['operator', 'admin'], 'operator'),
  'subject.erase': roleInOwnAgency(['operator', 'admin'], 'operator'),
  // Provenance (source, capture date, legal basis) is the owner's record keeping; other agencies never see it.
  'sample.list': roleInOwnAgency(['operator', 'admin'], 'operator'),
  'sample.update-provenance': roleInOwnAgency(['operator', 'admin'], 'operator'),
  'retention.run': roleInOwnAgency(['admin'], 'admin'),
  'agreement.create': roleOnSide(['owner-officer'], 'owner'),
  'agreement.revoke': roleOnSide(['owner-officer'], 'owner'),
  'agreement.list': roleOnSide(['owner-officer', 'admin', 'operator', 'auditor'], 'either'),
  'search.run': roleInOwnAgency(['operator'], 'operator'),
  'verification.run': roleInOwnAgency(['operator'], 'operator'),
  // Potential hits belong to the requester's case; the owner learns of confirmed hits by notification.
  'hit.read': roleOnSide(['operator', 'examiner'], 'requester'),
  'hit.review': roleOnSide(['examiner'], 'requester'),
  'hit.probe-image': roleOnSide(['examiner'], 'requester'),
  'hit.candidate-image': roleOnSide(['examiner'], 'requester'),
  'disclosure.request': roleOnSide(['operator', 'examiner'], 'requester'),
  'disclosure.decide': roleOnSide(['owner-officer'], 'owner'),
  'disclosure.read': (a, o) => (requester(a, o) ? roleOnSide(['operator', 'examiner'], 'requester')(a, o) : roleOnSide(['owner-officer'], 'owner')(a, o)),
  'disclosure.read-core-data': roleOnSide(['operator', 'examiner'], 'requester'),
  'notification.read': roleInOwnAgency(['owner-officer', 'admin', 'operator'], 'member'),
  // Notices of erasure and restriction (LED Art. 16(6)): both sides see them; the recipient's officers acknowledge.
  'recipient-notice.list': roleInOwnAgency(['owner-officer', 'admin', 'auditor'], 'member'),
  'recipient-notice.acknowledge': roleOnSide(['owner-officer', 'admin'], 'requester'),
  // Proofs and checkpoints hold hashes only; every auditor may check the whole log.
  'log.read': (a) => (has(a, 'auditor') ? allow('auditor') : deny('requires the auditor role')),
  // Entries name users and cases of every agency: only the host agency's auditors export them.
  'log.export': (a) => (has(a, 'auditor') && a.hostAgency ? allow('auditor of the host agency') : deny('only auditors of the host agency export the log')),
  'model.calibrate': (a) => (has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : deny('only admins of the host agency calibrate face models')),
  'log.retain': (a) => (has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : deny('only admins of the host agency apply log retention')),
  // Known-hash lists and triage reports stay inside the agency that holds them; the object is that agency.
  'hashset.import': roleInOwnAgency(['admin', 'operator'], 'admin/operator'),
  'hashset.read': roleInOwnAgency(['admin', 'operator', 'examiner'], 'member'),
  'triage.run': roleInOwnAgency(['operator'], 'operator'),
  'triage.read': roleInOwnAgency(['operator', 'examiner'], 'operator/examiner'),
  // The object is the agency whose statistics are asked for.
  'stats.read': (a, o) => {
    if (!has(a, 'auditor')) return deny('requires the auditor role');
    return a.hostAgency || ownAgency(a, o) ? allow('auditor of this scope') : deny("auditors see only their own agency's statistics");
  },
  // Objections are handled by the controller's staff; auditors may see that they exist, not check images against them.
  'objection.file': roleInOwnAgency(['owner-officer', 'admin'], 'owner-officer'),
  'objection.withdraw': roleInOwnAgency(['owner-officer', 'admin'], 'owner-officer'),
  'objection.check': roleInOwnAgency(['owner-officer', 'admin'], 'owner-officer'),
  'objection.list': roleInOwnAgency(['owner-officer', 'admin', 'auditor'], 'member'),
  'objection.read': roleInOwnAgency(['owner-officer', 'admin', 'auditor'], 'member'),
  // Circulated notices: the issuer's operators draft, its officers approve (not the creator) and withdraw;
  // a recipient's officers answer for their own galleries; the object is always the acting agency.
  'notice.create': roleInOwnAgency(['operator'], 'operator'),
  'notice.approve': roleInOwnAgency(['owner-officer'], 'owner-officer'),
  'notice.withdraw': roleInOwnAgency(['owner-officer', 'operator'], 'owner-officer/operator'),
  'notice.read': roleInOwnAgency(['owner-officer', 'operator', 'examiner', 'auditor'], 'member'),
  'notice.inbox': roleInOwnAgency(['owner-officer', 'operator', 'examiner'], 'member'),
  'notice.answer': roleInOwnAgency(['owner-officer'], 'owner-officer'),
  'notice.settings': roleInOwnAgency(['owner-officer', 'admin'], 'owner-officer/admin'),
  'notice.request-disclosure': roleInOwnAgency(['operator', 'examiner'], 'operator/examiner'),
  // Handing a dataset to anyone is the controller's decision.
  'export.manifest': roleInOwnAgency(['admin'], 'admin'),
};

/** Decides whether `actor` may perform `action` on `object`. */
export function decide(actor: Actor, action: Action, object: PolicyObject): Decision {
  return rules[action](actor, object);
}

/** Throws ABG_ERR_FORBIDDEN unless the policy allows the action. */
export function authorize(actor: Actor, action: Action, object: PolicyObject): void {
  const d = decide(actor, action, object);
  if (!d.allow) fail('ABG_ERR_FORBIDDEN', `${action}: ${d.reason}.`, { action, reason: d.reason });
}

export const allActions = Object.keys(rules) as Action[];
