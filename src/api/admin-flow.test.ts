import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from '../testing/api-harness.ts';
import { closing } from '../testing/closing.ts';
import { fakeModelId } from '../testing/fake-face-engine.ts';

const gallery = { name: 'Mugshots', kind: 'face', legalBasis: 'StPO §81b', purposes: ['criminal-investigation'], retentionDays: 3650, modelId: fakeModelId };

test('host admin creates an agency and its admin; each agency sees only its own galleries and users', () => closing(apiHarness(), async (h) => {
  const created = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', country: 'AT', adminName: 'b-admin' });
  assert.equal(created.status, 201);
  const b = { json: created.json.agency };
  const bToken: string = created.json.admin.token;
  const bAdmin = await h.call('POST', '/v1/users', h.adminToken, { agencyId: b.json.id, name: 'another', roles: ['admin'] });
  assert.equal(bAdmin.status, 403, 'after onboarding, a host admin cannot manage users of another agency');

  const gA = await h.call('POST', '/v1/galleries', h.adminToken, gallery);
  assert.equal(gA.status, 201);
  const gB = await h.call('POST', '/v1/galleries', bToken, { ...gallery, name: 'B mugshots' });
  assert.equal(gB.status, 201);

  const listA = (await h.call('GET', '/v1/galleries', h.adminToken)).json.galleries.map((g: any) => g.id);
  const listB = (await h.call('GET', '/v1/galleries', bToken)).json.galleries.map((g: any) => g.id);
  assert.deepEqual(listA, [gA.json.id]);
  assert.deepEqual(listB, [gB.json.id]);
  const peek = await h.call('GET', `/v1/galleries/${gA.json.id}`, bToken);
  assert.equal(peek.status, 404, "another agency's gallery is reported as absent");
  assert.equal((await h.call('DELETE', `/v1/galleries/${gA.json.id}`, bToken)).status, 404);
  assert.equal((await h.call('GET', `/v1/galleries/${gA.json.id}`, h.adminToken)).status, 200, 'still there');

  const bUsers = await h.call('GET', '/v1/users', bToken);
  assert.deepEqual(bUsers.json.users.map((u: any) => u.name), ['b-admin']);
  assert.equal((await h.call('POST', '/v1/agencies', bToken, { name: 'C' })).status, 403, 'only the host agency creates agencies');
}));

test('roles: an operator may read galleries but not create them; a refused request changes nothing', () => closing(apiHarness(), async (h) => {
  const op = await h.call('POST', '/v1/users', h.adminToken, { name: 'olga', roles: ['operator'] });
  assert.equal(op.status, 201);
  const opToken = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: op.json.id, label: 'olga laptop' })).json.token;
  assert.match(opToken, /^abg_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
  const r = await h.call('POST', '/v1/galleries', opToken, gallery);
  assert.equal(r.status, 403);
  assert.equal(r.json.error.code, 'ABG_ERR_FORBIDDEN');
  assert.equal((await h.call('GET', '/v1/galleries', opToken)).json.galleries.length, 0);
  assert.equal((await h.call('GET', '/v1/users', opToken)).status, 403);
  assert.equal((await h.call('GET', '/v1/me', opToken)).json.name, 'olga');
}));

test('tokens: shown once, stored as a digest, revoked at once, expired refused', async () => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  await closing(apiHarness({}, { now: () => new Date(clock) }), async (h) => {
    const issued = await h.call('POST', '/v1/tokens', h.adminToken, { label: 'short', expiresInDays: 1 });
    assert.equal(issued.status, 201);
    const { token, record } = issued.json;
    const listed = (await h.call('GET', '/v1/tokens', h.adminToken)).json.tokens;
    assert.ok(listed.every((t: any) => !('token' in t) && !('digest' in t)), 'neither secret nor digest is ever listed');
    const stored = await h.services.deps.store.tokens.get(record.id);
    assert.ok(stored && stored.digest.length === 64 && !JSON.stringify(stored).includes(token.split('_').slice(2).join('_')));

    assert.equal((await h.call('GET', '/v1/me', token)).status, 200);
    clock += 2 * 86_400_000;
    const expired = await h.call('GET', '/v1/me', token);
    assert.equal(expired.status, 401);
    assert.equal(expired.json.error.code, 'ABG_ERR_TOKEN_EXPIRED');

    const other = (await h.call('POST', '/v1/tokens', h.adminToken, { label: 'to revoke' })).json;
    assert.equal((await h.call('DELETE', `/v1/tokens/${other.record.id}`, h.adminToken)).json.revokedAt !== null, true);
    const revoked = await h.call('GET', '/v1/me', other.token);
    assert.equal(revoked.json.error.code, 'ABG_ERR_TOKEN_REVOKED');
  });
});

test('gallery validation: a face gallery needs a model, a media gallery has none; names unique per agency', () => closing(apiHarness(), async (h) => {
  assert.equal((await h.call('POST', '/v1/galleries', h.adminToken, { ...gallery, modelId: undefined })).json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.call('POST', '/v1/galleries', h.adminToken, { ...gallery, kind: 'media' })).json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.call('POST', '/v1/galleries', h.adminToken, { ...gallery, modelId: 'no/such-model@1' })).json.error.code, 'ABG_ERR_UNKNOWN_MODEL');
  assert.equal((await h.call('POST', '/v1/galleries', h.adminToken, gallery)).status, 201);
  const dup = await h.call('POST', '/v1/galleries', h.adminToken, gallery);
  assert.equal(dup.status, 409);
  assert.equal(dup.json.error.code, 'ABG_ERR_CONFLICT');
}));

test('an admin cannot lock themselves out', () => closing(apiHarness(), async (h) => {
  const me = (await h.call('GET', '/v1/me', h.adminToken)).json;
  const r = await h.call('PATCH', `/v1/users/${me.id}`, h.adminToken, { disabled: true });
  assert.equal(r.status, 409);
  assert.equal((await h.call('GET', '/v1/me', h.adminToken)).status, 200);
}));
