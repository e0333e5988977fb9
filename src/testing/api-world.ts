// The shared state of one test file's (or describe block's) HTTP tests, built once.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { agreementId, apiHarness, userToken, type ApiHarness } from './api-harness.ts';
import { fakeModelId } from './fake-face-engine.ts';

/**
 * A harness opened before the tests, with what `setUp` builds on it, and closed after them; the
 * returned object holds `h` and setUp's fields from the first test on.
 */
export function apiWorld<W extends object>(setUp: (h: ApiHarness) => Promise<W>, ...harness: Parameters<typeof apiHarness>): { h: ApiHarness } & W {
  const world = {} as { h: ApiHarness } & W;
  before(async () => {
    world.h = await apiHarness(...harness);
    Object.assign(world, await setUp(world.h));
  });
  after(async () => {
    await world.h?.close();
  });
  return world;
}

/** What sharedGalleryWorld builds: agency B, the host's shared gallery, its officer's token and the agreement. */
export interface SharedGallery {
  b: { id: string; adminToken: string };
  shared: string;
  aOfficer: string;
  agreement: string;
}

/**
 * The host agency A shares its face gallery "Mugshots" with a new agency B under agreement
 * "MoU 7" (for `purpose`, at most 3 candidates, no images) and keeps a second gallery for
 * itself; B has a gallery "B local" of its own. The options set the galleries' other fields.
 */
export async function sharedGalleryWorld(h: ApiHarness, purpose: string, galleries: { shared?: Record<string, unknown>; unshared: Record<string, unknown>; bLocal?: Record<string, unknown> }): Promise<SharedGallery> {
  const face = { kind: 'face', legalBasis: 'x', retentionDays: 3650, modelId: fakeModelId, purposes: [purpose] };
  const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
  const shared = (await h.call('POST', '/v1/galleries', h.adminToken, { ...face, name: 'Mugshots', ...galleries.shared })).json.id;
  await h.call('POST', '/v1/galleries', h.adminToken, { ...face, ...galleries.unshared });
  assert.equal((await h.call('POST', '/v1/galleries', b.json.admin.token, { ...face, name: 'B local', ...galleries.bLocal })).status, 201);
  const aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
  const agreement = await agreementId(h, aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [shared], purposes: [purpose], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU 7' });
  return { b: { id: b.json.agency.id, adminToken: b.json.admin.token }, shared, aOfficer, agreement };
}
