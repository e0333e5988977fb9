import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';

describe('API basics', () => {
  let h: ApiHarness;
  before(async () => { h = await apiHarness(); });
  after(async () => { await h.close(); });

  test('/health and /ready answer without a token', async () => {
    assert.deepEqual((await h.call('GET', '/health')).json.status, 'ok');
    const ready = await h.call('GET', '/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.json.database, 'sqlite');
  });

  test('/openapi.json is OpenAPI 3.1 and documents every /v1 route; /docs serves the UI', async () => {
    const doc = (await h.call('GET', '/openapi.json')).json;
    assert.match(doc.openapi, /^3\.1/);
    for (const p of ['/v1/agencies', '/v1/agencies/{id}', '/v1/users', '/v1/users/{id}', '/v1/me', '/v1/tokens', '/v1/tokens/{id}', '/v1/galleries', '/v1/galleries/{id}']) {
      assert.ok(doc.paths[p], `missing ${p}`);
    }
    assert.ok(doc.components.securitySchemes.bearerAuth);
    const docs = await h.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test('responses carry a request id, and an incoming x-request-id is kept', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(res.headers['x-request-id'], 'abc-123');
  });

  test('unknown route → ABG_ERR_ROUTE_NOT_FOUND', async () => {
    const r = await h.call('GET', '/v1/nothing-here', h.adminToken);
    assert.equal(r.status, 404);
    assert.equal(r.json.error.code, 'ABG_ERR_ROUTE_NOT_FOUND');
    assert.ok(r.json.error.requestId);
  });

  test('missing, malformed and unknown tokens → 401 ABG_ERR_UNAUTHENTICATED', async () => {
    for (const token of [undefined, 'nonsense', `abg_0123456789abcdef_${'A'.repeat(43)}`]) {
      const r = await h.call('GET', '/v1/galleries', token);
      assert.equal(r.status, 401, String(token));
      assert.equal(r.json.error.code, 'ABG_ERR_UNAUTHENTICATED');
    }
    const wrongScheme = await h.app.inject({ method: 'GET', url: '/v1/galleries', headers: { authorization: `Basic ${h.adminToken}` } });
    assert.equal(wrongScheme.statusCode, 401);
  });

  test('malformed JSON → ABG_ERR_MALFORMED_JSON, and nothing is created', async () => {
    const before = (await h.call('GET', '/v1/galleries', h.adminToken)).json.galleries.length;
    const r = await h.call('POST', '/v1/galleries', h.adminToken, '{"name": "x", ');
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'ABG_ERR_MALFORMED_JSON');
    assert.equal((await h.call('GET', '/v1/galleries', h.adminToken)).json.galleries.length, before);
  });

  test('wrong types → ABG_ERR_VALIDATION naming the field', async () => {
    const r = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'g', kind: 'face', legalBasis: 'x', purposes: 'not-a-list', retentionDays: 'ten' });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'ABG_ERR_VALIDATION');
    assert.match(r.json.error.message, /purposes|retentionDays/);
  });

  test('a wrong content type → ABG_ERR_UNSUPPORTED_MEDIA_TYPE', async () => {
    const r = await h.app.inject({ method: 'POST', url: '/v1/galleries', headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/x-unknown' }, payload: 'x' });
    assert.equal(r.statusCode, 415);
    assert.equal(JSON.parse(r.body).error.code, 'ABG_ERR_UNSUPPORTED_MEDIA_TYPE');
  });
});

test('oversized body → 413 ABG_ERR_BODY_TOO_LARGE', async () => {
  const h = await apiHarness({ bodyLimit: 1000 });
  try {
    const r = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'x'.repeat(5000) });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'ABG_ERR_BODY_TOO_LARGE');
    assert.equal((await h.call('GET', '/v1/agencies', h.adminToken)).json.agencies.length, 1);
  } finally {
    await h.close();
  }
});

test('rate limit per token → 429 ABG_ERR_RATE_LIMITED with retry-after; other tokens unaffected', async () => {
  const h = await apiHarness({ rateLimitPerMinute: 5 });
  try {
    const other = (await h.call('POST', '/v1/tokens', h.adminToken, { label: 'second' })).json.token;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.call('GET', '/v1/galleries', h.adminToken)).status);
    const last = await h.call('GET', '/v1/galleries', h.adminToken);
    assert.equal(last.status, 429);
    assert.equal(last.json.error.code, 'ABG_ERR_RATE_LIMITED');
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.equal((await h.call('GET', '/v1/galleries', other)).status, 200);
  } finally {
    await h.close();
  }
});
