// Gallery names for statistics, notifications and the log: every member of an agency sees the names
// of its own galleries and of the galleries named in agreements its agency is party to, even after
// the agreement ends, and never the name of a gallery its agency has nothing to do with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeModelId } from '../testing/fake-face-engine.ts';

const P = 'criminal-investigation';
let h: ApiHarness;
let aAgency = '';
let bExaminer = '';
let cAuditor = '';
let aOfficer = '';
let shared = '';
let agreement = '';

before(async () => {
  h = await apiHarness();
  aAgency = (await h.call('GET', '/v1/agencies', h.adminToken)).json.agencies[0].id;
  const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
  const c = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency C', adminName: 'c-admin' });
  const face = { kind: 'face', legalBasis: 'x', retentionDays: 3650, modelId: fakeModelId };
  shared = (await h.call('POST', '/v1/galleries', h.adminToken, { ...face, name: 'Mugshots', purposes: [P] })).json.id;
  await h.call('POST', '/v1/galleries', h.adminToken, { ...face, name: 'Internal', purposes: [P] });
  assert.equal((await h.call('POST', '/v1/galleries', b.json.admin.token, { ...face, name: 'B local', purposes: [P] })).status, 201);
  aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
  bExaminer = await userToken(h, b.json.admin.token, 'b-ex', ['examiner']);
  cAuditor = await userToken(h, c.json.admin.token, 'c-aud', ['auditor']);
  const a = await h.call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [shared], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU 7' });
  assert.equal(a.status, 201, JSON.stringify(a.json));
  agreement = a.json.agreement.id;
});
after(() => h.close());

test('any member of the requesting agency sees its own galleries and the shared gallery with its owner', async () => {
  const r = await h.call('GET', '/v1/gallery-names', bExaminer);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
  assert.deepEqual(r.json.galleries[1], { id: shared, name: 'Mugshots', agencyId: aAgency });
});

test('a revoked agreement keeps the name known, since the log still refers to the gallery', async () => {
  assert.equal((await h.call('POST', `/v1/agreements/${agreement}/revoke`, aOfficer)).status, 200);
  const r = await h.call('GET', '/v1/gallery-names', bExaminer);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
});

test('an agency without agreements learns no other agency’s gallery names', async () => {
  const r = await h.call('GET', '/v1/gallery-names', cAuditor);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.galleries, []);
  const owner = await h.call('GET', '/v1/gallery-names', h.adminToken);
  assert.deepEqual(owner.json.galleries.map((g: any) => g.name), ['Internal', 'Mugshots']);
});
