import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { webUi } from './web-ui.ts';

async function uiOnly(distDir: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setNotFoundHandler((_req, reply) => reply.status(404).send({ error: { code: 'ABG_ERR_ROUTE_NOT_FOUND' } }));
  app.get('/v1/me', async () => ({ me: true }));
  await app.register(webUi, { distDir });
  await app.ready();
  return app;
}

describe('web UI serving', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'abg-webui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>workbench</title>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'abg-secret.txt'), 'secret');
    app = await uiOnly(dir);
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves index.html at / and for client-side routes, with a strict CSP and no caching', async () => {
    for (const url of ['/', '/galleries', '/users/abc?x=1']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<title>workbench<\/title>/);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
      assert.equal(res.headers['cache-control'], 'no-cache');
    }
  });

  test('serves hashed assets as immutable and other files as they are', async () => {
    const js = await app.inject({ url: '/assets/app-1234.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.body, 'console.log(1)');
    assert.match(String(js.headers['cache-control']), /immutable/);
    const svg = await app.inject({ url: '/favicon.svg' });
    assert.equal(svg.statusCode, 200);
  });

  test('a missing asset is a 404, not the index page', async () => {
    const res = await app.inject({ url: '/assets/gone-9999.js' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'ABG_ERR_ROUTE_NOT_FOUND');
  });

  test('never shadows the API: unknown /v1 paths stay JSON 404s, known ones answer', async () => {
    assert.deepEqual((await app.inject({ url: '/v1/me' })).json(), { me: true });
    for (const url of ['/v1/nothing-here', '/v1', '/docs/nothing', '/health/x']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'ABG_ERR_ROUTE_NOT_FOUND', url);
    }
  });

  test('does not serve files outside the build directory', async () => {
    for (const url of ['/..%2fabg-secret.txt', '/%2e%2e/abg-secret.txt', '/assets/..%2f..%2fabg-secret.txt']) {
      const res = await app.inject({ url });
      assert.doesNotMatch(res.body, /secret/, url);
    }
  });

  test('explains how to build the UI when web/dist is missing', async () => {
    const bare = await uiOnly(join(dir, 'not-there'));
    const res = await bare.inject({ url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
    assert.match(res.body, /\/docs/);
    await bare.close();
  });
});

describe('web UI inside the service', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness();
  });
  after(() => h.close());

  test('the API, its documents and health checks keep answering beside the UI', async () => {
    assert.equal((await h.call('GET', '/health')).status, 200);
    assert.equal((await h.call('GET', '/ready')).status, 200);
    assert.equal((await h.call('GET', '/v1/me', h.adminToken)).json.name, 'root');
    assert.equal((await h.call('GET', '/v1/me')).json.error.code, 'ABG_ERR_UNAUTHENTICATED');
    assert.equal((await h.call('GET', '/v1/unknown', h.adminToken)).json.error.code, 'ABG_ERR_ROUTE_NOT_FOUND');
    assert.equal((await h.call('POST', '/galleries', h.adminToken, {})).json.error.code, 'ABG_ERR_ROUTE_NOT_FOUND');
    const doc = (await h.call('GET', '/openapi.json')).json;
    assert.ok(doc.paths['/v1/galleries']);
    assert.ok(!Object.keys(doc.paths).some((p) => p.includes('*')), 'the UI route is hidden from the OpenAPI document');
    assert.equal((await h.call('GET', '/docs')).status < 400, true);
    const ui = await h.call('GET', '/');
    assert.ok(ui.status === 200 || ui.status === 503);
    assert.match(String(ui.headers['content-type']), /text\/html/);
  });
});
