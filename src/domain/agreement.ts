// Pure rules of agreements: when does one allow a search?
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
