// The search picker's source: an operator sees its own face galleries and the galleries other
// agencies share with it under active agreements, with the agreement's limits and nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userToken } from '../testing/api-harness.ts';
import { apiWorld, sharedGalleryWorld } from '../testing/api-world.ts';

const P = 'criminal-investigation';
const w = apiWorld(async (h) => {
  const ownerName = (await h.call('GET', `/v1/agencies`, h.adminToken)).json.agencies[0].name;
  const { b, shared, aOfficer, agreement } = await sharedGalleryWorld(h, P, {
    shared: { purposes: [P, 'missing-persons'], maxCandidates: 40 }, unshared: { name: 'Not shared' }, bLocal: { purposes: ['border-control'] },
  });
  const bOp = await userToken(h, b.adminToken, 'b-op', ['operator']);
  const bExaminer = await userToken(h, b.adminToken, 'b-ex', ['examiner']);
  return { bOp, bExaminer, aOfficer, shared, agreement, ownerName };
});

test('an operator sees its own galleries and the shared one with the agreement’s limits, nothing owner-internal', async () => {
  const r = await w.h.call('GET', '/v1/searchable-galleries', w.bOp);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
  const g = r.json.galleries[1];
  assert.deepEqual(g, { id: w.shared, name: 'Mugshots', ownerAgencyName: w.ownerName, own: false, purposes: [P], maxCandidates: 3, validUntil: '2099-01-01T00:00:00.000Z' });
  assert.equal(r.json.galleries[0].own, true);
  assert.equal(r.json.galleries[0].validUntil, null);
});

test('a purpose narrows the list to the galleries that may be searched for it', async () => {
  const r = await w.h.call('GET', `/v1/searchable-galleries?purpose=${P}`, w.bOp);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['Mugshots']);
  const none = await w.h.call('GET', '/v1/searchable-galleries?purpose=missing-persons', w.bOp);
  assert.equal(none.status, 200);
  assert.deepEqual(none.json.galleries, []);
});

test('an examiner may not list them, and a revoked agreement takes the gallery off the list', async () => {
  assert.equal((await w.h.call('GET', '/v1/searchable-galleries', w.bExaminer)).status, 403);
  assert.equal((await w.h.call('POST', `/v1/agreements/${w.agreement}/revoke`, w.aOfficer)).status, 200);
  const r = await w.h.call('GET', '/v1/searchable-galleries', w.bOp);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local']);
});
