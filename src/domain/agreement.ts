// Pure rules of agreements: when does one allow a search, and when may an exchange under it go on?
import type { Agreement } from './workflow.ts';

export type AgreementStatus = 'active' | 'not-yet-valid' | 'expired' | 'revoked';

export function agreementStatus(a: Agreement, now: Date): AgreementStatus {
  if (a.revokedAt && Date.parse(a.revokedAt) <= now.getTime()) return 'revoked';
  if (now.getTime() < Date.parse(a.validFrom)) return 'not-yet-valid';
  if (now.getTime() >= Date.parse(a.validUntil)) return 'expired';
  return 'active';
}

/** True when the agreement lets its requester search `galleryId` for `purpose` at `now`. */
export function agreementCovers(a: Agreement, galleryId: string, purpose: string, now: Date): boolean {
  return agreementStatus(a, now) === 'active' && a.galleryIds.includes(galleryId) && a.purposes.includes(purpose);
}

/**
 * True while an exchange resting on the agreement may go on: a disclosure request, its approval, the
 * release of core data and 1:1 verification of the disclosed subject. Revocation or expiry ends it.
 */
export function agreementInForce(a: Agreement | undefined, now: Date): a is Agreement {
  return a !== undefined && agreementStatus(a, now) === 'active';
}
