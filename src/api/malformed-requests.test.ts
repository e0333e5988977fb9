// Every route of the app, enumerated from Fastify itself, gets malformed requests: multipart
// without a boundary, multipart that never ends, JSON sent as multipart, invalid JSON, an unknown
// content type, bad percent-encoding in the path and a method the path does not take. None may
// answer 5xx, and every refusal has the documented {error:{code,message,requestId}} shape.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';

interface Route { method: string; url: string }

/** Full paths and methods from `printRoutes({ commonPrefix: false })`, a tree indented by four columns per level. */
function routesOf(tree: string): Route[] {
  const out: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean)) out.push({ method, url });
  }
  return out;
}

const boundary = 'abgTestBoundary';
const bodies: { name: string; contentType: string; payload: string }[] = [
  { name: 'multipart without a boundary', contentType: 'multipart/form-data', payload: 'abc' },
  { name: 'unterminated multipart', contentType: `multipart/form-data; boundary=${boundary}`, payload: `--${boundary}\r\nContent-Disposition: form-data; name="probe"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff` },
  { name: 'JSON sent as multipart', contentType: `multipart/form-data; boundary=${boundary}`, payload: '{"name":"x","purposes":["a"]}' },
  { name: 'multipart with a broken part header', contentType: `multipart/form-data; boundary=${boundary}`, payload: `--${boundary}\r\nno colon here\r\n\r\nx\r\n--${boundary}--\r\n` },
  { name: 'invalid JSON', contentType: 'application/json', payload: '{"name": "x", ' },
  { name: 'an unknown content type', contentType: 'application/x-unknown', payload: 'x' },
];

/** Path parameters filled with a well-formed id, or with a broken percent-encoding. */
const fill = (url: string, value: string) => url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, 'anything');

// The web UI's catch-all answers 503 with a page saying how to build it when the bundle is absent.
const webUiNotBuilt = (res: { statusCode: number; body: string }) => res.statusCode === 503 && res.body.includes('web UI not built');

function assertCoded(res: { statusCode: number; body: string }, what: string): void {
  if (webUiNotBuilt(res)) return;
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode < 400) return;
  let json: any;
  try { json = JSON.parse(res.body); } catch { assert.fail(`${what}: not JSON: ${res.body.slice(0, 200)}`); }
  assert.match(json?.error?.code ?? '', /^ABG_ERR_[A-Z_]+$/, `${what}: ${res.body.slice(0, 300)}`);
  assert.equal(typeof json.error.message, 'string', what);
  assert.ok(json.error.requestId, `${what}: no requestId`);
  assert.deepEqual(Object.keys(json).sort(), ['error'], what);
}

describe('malformed requests on every route', () => {
  let h: ApiHarness;
  let routes: Route[];
  before(async () => {
    h = await apiHarness({ rateLimitPerMinute: 100_000 });
    routes = routesOf(h.app.printRoutes({ commonPrefix: false })).filter((r) => r.method !== 'HEAD');
  });
  after(async () => { await h.close(); });

  test('the route list is read from the app', () => {
    for (const r of ['POST /v1/searches', 'POST /v1/triage', 'GET /v1/galleries/:id', 'POST /v1/galleries/:id/enrollments', 'DELETE /v1/tokens/:id', 'GET /health']) {
      assert.ok(routes.some((x) => `${x.method} ${x.url}` === r), `${r} missing from ${routes.length} routes`);
    }
    assert.ok(routes.length > 50);
  });

  test('malformed bodies answer coded 4xx, never 5xx', async () => {
    let refusals = 0;
    for (const r of routes) {
      for (const b of bodies) {
        const res = await h.app.inject({ method: r.method as InjectOptions['method'], url: fill(r.url, '00000000-0000-4000-8000-000000000000'), headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': b.contentType }, payload: b.payload });
        assertCoded(res, `${r.method} ${r.url} with ${b.name}`);
        if (res.statusCode >= 400) refusals++;
      }
    }
    assert.ok(refusals > routes.length * 2);
  });

  test('the multipart routes name the broken body ABG_ERR_MALFORMED_MULTIPART', async () => {
    for (const url of ['/v1/searches', '/v1/verifications', '/v1/triage', '/v1/hashsets', '/v1/objections', '/v1/galleries/00000000-0000-4000-8000-000000000000/enrollments']) {
      for (const b of bodies.slice(0, 3)) {
        const res = await h.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': b.contentType }, payload: b.payload });
        assertCoded(res, `${url} with ${b.name}`);
        // A route may refuse the caller first (role, missing gallery); a parser error is never a 500.
        if (res.statusCode === 400) assert.equal(JSON.parse(res.body).error.code, 'ABG_ERR_MALFORMED_MULTIPART', `${url} with ${b.name}`);
      }
    }
  });

  test('bad percent-encoding in the path answers ABG_ERR_MALFORMED_URL on every route', async () => {
    for (const r of routes) {
      const url = r.url.includes(':') ? fill(r.url, '%E0%A4%A') : `${r.url.replace(/\*$/, '')}%ZZ`;
      const res = await h.app.inject({ method: r.method as InjectOptions['method'], url, headers: { authorization: `Bearer ${h.adminToken}` } });
      assertCoded(res, `${r.method} ${url}`);
      assert.ok(res.statusCode >= 400, `${r.method} ${url}: ${res.statusCode}`);
      if (r.url.includes(':')) assert.equal(JSON.parse(res.body).error.code, 'ABG_ERR_MALFORMED_URL', `${r.method} ${url}`);
    }
  });

  test('a method the path does not take answers coded 404', async () => {
    for (const r of routes) {
      const url = fill(r.url, 'x');
      for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
        if (routes.some((x) => x.url === r.url && x.method === method)) continue;
        const res = await h.app.inject({ method, url, headers: { authorization: `Bearer ${h.adminToken}` } });
        assertCoded(res, `${method} ${url}`);
        assert.equal(res.statusCode, 404, `${method} ${url}`);
      }
    }
  });
});
