import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementInForce } from './agreement.ts';
import type { Agreement } from './workflow.ts';

const agreement = (patch: Partial<Agreement> = {}): Agreement => ({
  id: 'a1', ownerAgencyId: 'o', requesterAgencyId: 'r', galleryIds: ['g'], purposes: ['p'], validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z',
  maxCandidates: 3, showImages: false, reference: 'MoU', createdBy: 'u', createdAt: '2026-01-01T00:00:00Z', revokedAt: null, revokedBy: null, ...patch,
});
const at = new Date('2026-06-01T00:00:00Z');

test('an exchange under an agreement goes on only while the agreement is active: revocation and expiry both end it', () => {
  assert.equal(agreementInForce(agreement(), at), true);
  assert.equal(agreementInForce(agreement({ revokedAt: '2026-05-01T00:00:00Z', revokedBy: 'u' }), at), false);
  assert.equal(agreementInForce(agreement({ validUntil: '2026-05-31T00:00:00Z' }), at), false);
  assert.equal(agreementInForce(agreement({ revokedAt: '2026-07-01T00:00:00Z', revokedBy: 'u' }), at), true, 'a revocation takes effect at its time');
  assert.equal(agreementInForce(undefined, at), false);
});
