// The roles of DESIGN.md "Actors and roles". Stored as these literal strings.

export const roles = ['admin', 'operator', 'examiner', 'owner-officer', 'auditor'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
