// Who may use which page and take which action, in the server's terms (src/domain/policy.ts): the
// workbench hides what a role cannot use. The server still decides; this only keeps refusals off screen.
import type { Role } from './api/types.ts';

/** The roles that may use a workflow page; pages not listed are open to every member. */
export const pageRoles: Readonly<Record<string, readonly Role[]>> = {
  '/search': ['operator'],
  '/review': ['operator', 'examiner'],
  '/disclosure': ['operator', 'examiner', 'owner-officer'],
  '/verification': ['operator'],
  '/enrollment': ['operator', 'admin'],
  '/subjects': ['operator', 'admin'],
  '/notifications': ['owner-officer', 'admin', 'operator'],
  '/objections': ['owner-officer', 'admin', 'auditor'],
  '/hashsets': ['admin', 'operator', 'examiner'],
  '/triage': ['operator'],
  '/notices': ['owner-officer', 'operator', 'examiner', 'auditor'],
  '/oversight': ['auditor', 'owner-officer', 'admin', 'operator'],
};

/** The roles that may take each action a page offers. */
export const actionRoles = {
  'gallery.manage': ['admin'],
  'gallery.reembed': ['admin'],
  'user.manage': ['admin'],
  'agency.update': ['admin'],
  'hit.review': ['examiner'],
  'disclosure.request': ['operator', 'examiner'],
  'disclosure.decide': ['owner-officer'],
  'disclosure.read-core-data': ['operator', 'examiner'],
  'subject.erase': ['operator', 'admin'],
  'retention.run': ['admin'],
  'objection.file': ['owner-officer', 'admin'],
  'objection.check': ['owner-officer', 'admin'],
  'objection.withdraw': ['owner-officer', 'admin'],
  'hashset.import': ['admin', 'operator'],
  'agreement.create': ['owner-officer'],
  'recipient-notice.acknowledge': ['owner-officer', 'admin'],
  'log.read': ['auditor'],
  'agreement.list': ['owner-officer', 'admin', 'operator', 'auditor'],
  'recipient-notice.list': ['owner-officer', 'admin', 'auditor'],
  'notice.create': ['operator'],
  'notice.approve': ['owner-officer'],
  'notice.withdraw': ['owner-officer', 'operator'],
  'notice.answer': ['owner-officer'],
} as const satisfies Record<string, readonly Role[]>;
export type UiAction = keyof typeof actionRoles;

/** Whether someone with `roles` may open the page at `path`. */
export function mayOpen(roles: readonly Role[], path: string): boolean {
  const needed = pageRoles[path];
  return !needed || needed.some((r) => roles.includes(r));
}

/** Whether someone with `roles` may take `action`. */
export function mayDo(roles: readonly Role[], action: UiAction): boolean {
  return (actionRoles[action] as readonly Role[]).some((r) => roles.includes(r));
}
