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
  | { type: 'gallery'; agencyId: string };

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
  | 'gallery.delete';

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

const rules: Record<Action, (actor: Actor, o: PolicyObject) => Decision> = {
  'agency.create': (a) =>
    has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : deny('only admins of the host agency create agencies'),
  'agency.list': () => allow('agency names are not personal data; every member may see who takes part'),
  'agency.read': () => allow('agency names are not personal data; every member may see who takes part'),
  'agency.update': (a, o) => (has(a, 'admin') && a.hostAgency ? allow('admin of the host agency') : adminOfOwnAgency(a, o)),
  'user.create': adminOfOwnAgency,
  'user.list': adminOfOwnAgency,
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
