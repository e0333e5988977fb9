// The search picker's source: an operator sees its own face galleries and the galleries other
// agencies share with it under active agreements, with the agreement's limits and nothing more.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeModelId } from '../testing/fake-face-engine.ts';

const P = 'criminal-investigation';
let h: ApiHarness;
let bOp = '';
let bExaminer = '';
let aOfficer = '';
let shared = '';
let agreement = '';
let ownerName = '';

before(async () => {
  h = await apiHarness();
  ownerName = (await h.call('GET', `/v1/agencies`, h.adminToken)).json.agencies[0].name;
  const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
  const bAdmin = b.json.admin.token;
  const face = { kind: 'face', legalBasis: 'x', retentionDays: 3650, modelId: fakeModelId };
  shared = (await h.call('POST', '/v1/galleries', h.adminToken, { ...face, name: 'Mugshots', purposes: [P, 'missing-persons'], maxCandidates: 40 })).json.id;
  await h.call('POST', '/v1/galleries', h.adminToken, { ...face, name: 'Not shared', purposes: [P] });
  assert.equal((await h.call('POST', '/v1/galleries', bAdmin, { ...face, name: 'B local', purposes: ['border-control'] })).status, 201);
  aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
  bOp = await userToken(h, bAdmin, 'b-op', ['operator']);
  bExaminer = await userToken(h, bAdmin, 'b-ex', ['examiner']);
  const a = await h.call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [shared], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU 7' });
  assert.equal(a.status, 201, JSON.stringify(a.json));
  agreement = a.json.agreement.id;
});
after(() => h.close());

test('an operator sees its own galleries and the shared one with the agreement’s limits, nothing owner-internal', async () => {
  const r = await h.call('GET', '/v1/searchable-galleries', bOp);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
  const g = r.json.galleries[1];
  assert.deepEqual(g, { id: shared, name: 'Mugshots', ownerAgencyName: ownerName, own: false, purposes: [P], maxCandidates: 3, validUntil: '2099-01-01T00:00:00.000Z' });
  assert.equal(r.json.galleries[0].own, true);
  assert.equal(r.json.galleries[0].validUntil, null);
});

test('a purpose narrows the list to the galleries that may be searched for it', async () => {
  const r = await h.call('GET', `/v1/searchable-galleries?purpose=${P}`, bOp);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['Mugshots']);
  const none = await h.call('GET', '/v1/searchable-galleries?purpose=missing-persons', bOp);
  assert.equal(none.status, 200);
  assert.deepEqual(none.json.galleries, []);
});

test('an examiner may not list them, and a revoked agreement takes the gallery off the list', async () => {
  assert.equal((await h.call('GET', '/v1/searchable-galleries', bExaminer)).status, 403);
  assert.equal((await h.call('POST', `/v1/agreements/${agreement}/revoke`, aOfficer)).status, 200);
  const r = await h.call('GET', '/v1/searchable-galleries', bOp);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local']);
});
