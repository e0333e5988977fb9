// How the client reads answers that are not a plain success: an error code it does not know yet,
// an answer that is not Abgleich's, a refused connection. Against small HTTP servers on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbgError } from '../../domain/errors.ts';
import { connect } from './api.ts';
import { RemoteError } from './remote-error.ts';

async function withServer(handler: RequestListener, fn: (url: string) => Promise<void>) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error'), (e: unknown) => e);

test("a server's error keeps its code, message, details and request id, even a code this CLI does not know", async () => {
  await withServer((req, res) => {
    assert.equal(req.headers.authorization, 'Bearer abg_t');
    res.writeHead(418, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'ABG_ERR_FROM_A_NEWER_SERVER', message: 'Newer.', details: { n: 1 }, requestId: 'req-7' } }));
  }, async (url) => {
    const api = connect({ server: url, token: 'abg_t', profile: undefined });
    const e = await failure(api.call(api.client.GET('/v1/galleries')));
    assert.ok(e instanceof RemoteError);
    assert.deepEqual([e.code, e.message, e.details, e.requestId, e.status], ['ABG_ERR_FROM_A_NEWER_SERVER', 'Newer.', { n: 1 }, 'req-7', 418]);
  });
});

test('an answer that is not JSON, or an error without an Abgleich code, is ABG_ERR_PROTOCOL naming the server', async () => {
  await withServer((req, res) => {
    if (req.url === '/v1/galleries') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router login</html>');
    else res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
  }, async (url) => {
    const api = connect({ server: url, token: 'abg_t', profile: undefined });
    for (const request of [() => api.call(api.client.GET('/v1/galleries')), () => api.call(api.client.GET('/v1/agencies')), () => api.text('/v1/log/export')]) {
      const e = await failure(request());
      assert.ok(isAbgError(e) && e.code === 'ABG_ERR_PROTOCOL', String(e));
      assert.match(e.message, new RegExp(url.replace(/[.:/]/g, '\\$&')));
    }
  });
});

test('a refused connection is ABG_ERR_SERVER_UNREACHABLE with the URL and how to start or point to a server', async () => {
  let url = '';
  await withServer(() => {}, async (u) => { url = u; });
  const api = connect({ server: url, token: undefined, profile: undefined });
  const e = await failure(api.call(api.client.GET('/v1/me')));
  assert.ok(isAbgError(e) && e.code === 'ABG_ERR_SERVER_UNREACHABLE', String(e));
  assert.match(e.message, /abgleich serve/);
  assert.ok(e.message.includes(url));
});
