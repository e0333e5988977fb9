// Hostile uploads against a real server on 127.0.0.1 over real sockets: a zip bomb that expands
// to 1 GiB (honest and lying central directories), a 7000×7000 all-zero PNG, multipart bombs
// (a second probe of 29 MiB, hundreds of MiB chunked, a huge Content-Length, too many fields) and
// stalled bodies and headers. The server must answer coded 413/408, close stalled connections
// within the configured timeouts, keep its memory growth bounded and answer /health throughout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { createDeflate } from 'node:zlib';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { deflatedZeros, makeZip } from '../testing/make-zip.ts';
import { makePng } from '../testing/make-png.ts';

const MiB = 1024 * 1024;
// Long enough that a busy machine's pauses while streaming a bomb are not taken for a stall.
const IDLE_MS = 2000;
const REQUEST_MS = 5000;
/** Largest tolerated growth of this process's resident memory over the whole test. */
const RSS_BOUND = 256 * MiB;

interface Answer { status: number; json: any; sent: number }

/**
 * POSTs a multipart body produced part by part, with back-pressure, and stops writing once the server
 * answers. A keep-alive connection, as browsers and fetch use: a client that sends `Connection: close`
 * asks the server to close right after its answer, and its pending writes may then reset the connection.
 */
function post(port: number, path: string, token: string, headers: Record<string, string>, parts: () => Iterable<Buffer>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, agent: new Agent({ keepAlive: true }), headers: { authorization: `Bearer ${token}`, ...headers } });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, sent });
        req.destroy();
      });
    });
    req.on('error', (e) => { if (!answered) reject(e); });
    void (async () => {
      for (const p of parts()) {
        if (answered || req.destroyed) return;
        sent += p.length;
        if (!req.write(p)) await drained(req);
      }
      if (!answered && !req.destroyed) req.end();
    })().catch(() => {});
  });
}

/** Resolves when the request can take more data or has closed. */
function drained(req: ReturnType<typeof request>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { req.off('drain', done); req.off('close', done); resolve(); };
    req.on('drain', done);
    req.on('close', done);
  });
}

const boundary = 'abgResourceBoundary';
const fieldPart = (name: string, value: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const fileHead = (field: string, name: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
const closing = Buffer.from(`--${boundary}--\r\n`);
const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };

/** `count` files of `mib` MiB of zeros, produced 1 MiB at a time from one buffer. */
function* zeroFiles(field: string, count: number, mib: number, fields: Buffer[] = []): Iterable<Buffer> {
  const chunk = Buffer.alloc(MiB);
  yield* fields;
  for (let i = 0; i < count; i++) {
    yield fileHead(field, `f${i}.jpg`);
    for (let m = 0; m < mib; m++) yield chunk;
    yield Buffer.from('\r\n');
  }
  yield closing;
}

function* whole(fields: Buffer[], files: { field: string; name: string; data: Buffer }[]): Iterable<Buffer> {
  yield* fields;
  for (const f of files) yield* [fileHead(f.field, f.name), f.data, Buffer.from('\r\n')];
  yield closing;
}

/** A valid greyscale PNG of width × height zero pixels, deflated in 1 MiB steps. */
async function zeroPng(width: number, height: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const zeros = Buffer.alloc(MiB);
  // Each row is a filter byte and `width` samples, all zero.
  for (let left = (width + 1) * height; left > 0; left -= MiB) {
    if (!deflate.write(zeros.subarray(0, Math.min(MiB, left)))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return makePng(width, height, Buffer.concat(out));
}

/** Opens a raw connection, writes `head`, then stays silent; resolves with what came back and when the connection closed. */
function stall(port: number, head: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const s: Socket = connect(port, '127.0.0.1');
    let text = '';
    let lastWrite = 0;
    s.on('connect', () => { s.write(head, () => { lastWrite = Date.now(); }); });
    s.on('data', (d) => { text += d.toString('utf8'); });
    s.on('error', () => {});
    s.on('close', () => resolve({ text, closedAfterMs: Date.now() - (lastWrite || Date.now()) }));
  });
}

function codeOf(raw: string): string | undefined {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  try { return JSON.parse(body).error?.code; } catch { return undefined; }
}

describe('bounded resources on a listening server', { timeout: 60_000 }, () => {
  let h: ApiHarness;
  let port: number;
  let operator: string;
  let baseline = 0;
  let peak = 0;
  let sampler: NodeJS.Timeout;
  const health: number[] = [];
  let polling = true;
  let poller: Promise<void>;

  before(async () => {
    h = await apiHarness({ uploadLimit: 32 * MiB, uploadTotalLimit: 48 * MiB, uploadFields: 100, requestTimeoutMs: REQUEST_MS, bodyIdleTimeoutMs: IDLE_MS, rateLimitPerMinute: 100_000 });
    const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
    operator = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token;
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as { port: number }).port;
    global.gc?.();
    baseline = process.memoryUsage().rss;
    peak = baseline;
    sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    poller = (async () => {
      while (polling) {
        const r = await fetch(`http://127.0.0.1:${port}/health`).then((x) => x.status, () => 0);
        health.push(r);
        await new Promise((r2) => setTimeout(r2, 100));
      }
    })();
  });

  after(async () => {
    polling = false;
    await poller;
    clearInterval(sampler);
    await h.close();
  });

  test('a zip expanding to 1 GiB is refused per archive, whether its directory tells the truth or lies', async () => {
    const gib = deflatedZeros(1024);
    assert.ok(gib.length < 2 * MiB);
    const honest = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(0), deflated: gib, declaredSize: 1024 * MiB }]);
    const liar = makeZip([{ name: 'small.bin', data: Buffer.alloc(0), deflated: gib, declaredSize: 1000 }]);
    const two = makeZip([{ name: 'a.bin', data: Buffer.alloc(0), deflated: gib, declaredSize: 1024 * MiB }, { name: 'b.bin', data: Buffer.alloc(0), deflated: gib, declaredSize: 1024 * MiB }]);
    const r = await post(port, '/v1/triage', operator, multipart, () => whole([fieldPart('caseRef', 'CASE-BOMB')], [
      { field: 'file', name: 'honest.zip', data: honest }, { field: 'file', name: 'liar.zip', data: liar }, { field: 'file', name: 'two.zip', data: two },
    ]));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const byFile = Object.fromEntries(r.json.results.map((x: any) => [x.file, x.error?.code]));
    assert.equal(byFile['honest.zip'], 'ABG_ERR_ARCHIVE_TOO_LARGE');
    assert.ok(['ABG_ERR_ARCHIVE_TOO_LARGE', 'ABG_ERR_CORRUPT_ARCHIVE'].includes(byFile['liar.zip']), JSON.stringify(byFile));
    assert.equal(byFile['two.zip'], 'ABG_ERR_ARCHIVE_TOO_LARGE');
    assert.equal(r.json.results.length, 3, 'no entry of a refused archive is triaged');
  });

  test('a 7000×7000 all-zero PNG is refused from its header with ABG_ERR_IMAGE_TOO_LARGE', async () => {
    const png = await zeroPng(7000, 7000);
    assert.ok(png.length < MiB);
    const r = await post(port, '/v1/triage', operator, multipart, () => whole([fieldPart('caseRef', 'CASE-PNG')], [{ field: 'file', name: 'zero.png', data: png }]));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.results[0].error?.code, 'ABG_ERR_IMAGE_TOO_LARGE');
  });

  test('a second 29 MiB probe is refused as it arrives, before the other 18 are read', async () => {
    const r = await post(port, '/v1/searches', h.adminToken, multipart, () => zeroFiles('probe', 20, 29, [fieldPart('purpose', 'p')]));
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'ABG_ERR_TOO_MANY_PARTS');
    assert.ok(r.json.error.requestId);
    assert.ok(r.sent < 200 * MiB, `the client got to write ${r.sent} bytes`);
  });

  test('a chunked multipart body over the total cap is refused while it streams', async () => {
    const r = await post(port, '/v1/triage', operator, { ...multipart, 'transfer-encoding': 'chunked' }, () => zeroFiles('file', 20, 29, [fieldPart('caseRef', 'CASE-BIG')]));
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'ABG_ERR_BODY_TOO_LARGE');
    assert.ok(r.sent < 300 * MiB, `the client got to write ${r.sent} bytes`);
  });

  test('a Content-Length over the cap is refused before the body is read; too many fields is ABG_ERR_TOO_MANY_PARTS', async () => {
    const big = await post(port, '/v1/triage', operator, { ...multipart, 'content-length': String(10 * 1024 * MiB) }, () => [fieldPart('caseRef', 'x')]);
    assert.equal(big.status, 413);
    assert.equal(big.json.error.code, 'ABG_ERR_BODY_TOO_LARGE');
    const fields = Array.from({ length: 300 }, (_, i) => fieldPart(`f${i}`, 'x'));
    const many = await post(port, '/v1/triage', operator, multipart, () => whole(fields, []));
    assert.equal(many.status, 413);
    assert.equal(many.json.error.code, 'ABG_ERR_TOO_MANY_PARTS');
  });

  test('stalled bodies get 408 ABG_ERR_REQUEST_TIMEOUT and are closed within the idle timeout; stalled headers within the request timeout', async () => {
    const auth = `Authorization: Bearer ${h.adminToken}\r\n`;
    const halfMultipart = `POST /v1/searches HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${MiB}\r\n\r\n${fileHead('probe', 'p.jpg').toString('latin1')}${'\0'.repeat(1000)}`;
    const halfJson = `POST /v1/galleries HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":`;
    const halfHeaders = `GET /v1/me HTTP/1.1\r\nHost: x\r\n${auth}X-Slow: `;
    const bodies = await Promise.all([...Array.from({ length: 150 }, () => stall(port, halfMultipart)), ...Array.from({ length: 50 }, () => stall(port, halfJson))]);
    for (const b of bodies) {
      assert.match(b.text, /^HTTP\/1\.1 408 /, b.text.slice(0, 200));
      assert.equal(codeOf(b.text), 'ABG_ERR_REQUEST_TIMEOUT', b.text.slice(0, 300));
      assert.ok(b.closedAfterMs < IDLE_MS + 6000, `closed after ${b.closedAfterMs} ms`);
    }
    const headers = await Promise.all(Array.from({ length: 5 }, () => stall(port, halfHeaders)));
    for (const b of headers) assert.ok(b.closedAfterMs < REQUEST_MS + 6000, `closed after ${b.closedAfterMs} ms`);
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
  });

  test('HTTP that Node refuses before routing (oversized headers, an unknown method) is answered in the documented shape', async () => {
    const huge = await stall(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(huge.text, /^HTTP\/1\.1 431 /);
    assert.equal(codeOf(huge.text), 'ABG_ERR_HEADERS_TOO_LARGE');
    const foo = await stall(port, 'FOO /health HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(foo.text, /^HTTP\/1\.1 400 /);
    assert.equal(codeOf(foo.text), 'ABG_ERR_VALIDATION');
  });

  test('the server answered /health throughout, and its memory stayed bounded', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
    assert.ok(health.length >= 5, `${health.length} health polls`);
    assert.deepEqual(health.filter((s) => s !== 200), []);
    const growth = peak - baseline;
    process.stderr.write(`resource-limits: rss baseline ${(baseline / MiB).toFixed(0)} MiB, peak growth ${(growth / MiB).toFixed(0)} MiB, ${health.length} health polls\n`);
    assert.ok(growth < RSS_BOUND, `rss grew by ${(growth / MiB).toFixed(0)} MiB`);
  });
});
