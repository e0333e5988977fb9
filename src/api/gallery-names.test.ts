// Gallery names for statistics, notifications and the log: every member of an agency sees the names
// of its own galleries and of the galleries named in agreements its agency is party to, even after
// the agreement ends, and never the name of a gallery its agency has nothing to do with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userToken } from '../testing/api-harness.ts';
import { apiWorld, sharedGalleryWorld } from '../testing/api-world.ts';

const P = 'criminal-investigation';
const w = apiWorld(async (h) => {
  const aAgency = (await h.call('GET', '/v1/agencies', h.adminToken)).json.agencies[0].id;
  const { b, shared, aOfficer, agreement } = await sharedGalleryWorld(h, P, { unshared: { name: 'Internal' } });
  const c = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency C', adminName: 'c-admin' });
  const bExaminer = await userToken(h, b.adminToken, 'b-ex', ['examiner']);
  const cAuditor = await userToken(h, c.json.admin.token, 'c-aud', ['auditor']);
  return { aAgency, bExaminer, cAuditor, aOfficer, shared, agreement };
});

test('any member of the requesting agency sees its own galleries and the shared gallery with its owner', async () => {
  const r = await w.h.call('GET', '/v1/gallery-names', w.bExaminer);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
  assert.deepEqual(r.json.galleries[1], { id: w.shared, name: 'Mugshots', agencyId: w.aAgency });
});

test('a revoked agreement keeps the name known, since the log still refers to the gallery', async () => {
  assert.equal((await w.h.call('POST', `/v1/agreements/${w.agreement}/revoke`, w.aOfficer)).status, 200);
  const r = await w.h.call('GET', '/v1/gallery-names', w.bExaminer);
  assert.deepEqual(r.json.galleries.map((g: any) => g.name), ['B local', 'Mugshots']);
});

test('an agency without agreements learns no other agency’s gallery names', async () => {
  const r = await w.h.call('GET', '/v1/gallery-names', w.cAuditor);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.galleries, []);
  const owner = await w.h.call('GET', '/v1/gallery-names', w.h.adminToken);
  assert.deepEqual(owner.json.galleries.map((g: any) => g.name), ['Internal', 'Mugshots']);
});
