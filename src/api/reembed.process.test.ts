// The re-embedding crash test: a real server process re-embeds a gallery of LFW faces from one
// tiny ONNX model onto another in small batches and is killed with SIGKILL at random points,
// several times; each restart resumes the job. At the end every sample has exactly one template,
// on the new model, none is lost, the second set is gone and the switch was logged once.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { lfw, lfwAbsent, lfwImage } from '../testing/face-test-data.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { addCalibratedTinyModels } from '../testing/tiny-models-on-disk.ts';

const FROM = { id: 'vendor-test/crash-a@1', alias: 'crash-a' };
const TO = { id: 'vendor-test/crash-b@1', alias: 'crash-b', seed: 7 };
const SAMPLES = 30;
const env = { ABGLEICH_REEMBED_BATCH: '2' };

describe('re-embedding after kill -9 at random points (real server processes)', { skip: lfwAbsent, timeout: 8 * 60_000 }, () => {
  const vendor = mkdtempSync(join(tmpdir(), 'abg-crash-vendor-'));
  let server: ServerProcess | undefined;
  let dataDir = '';
  after(async () => {
    await server?.stop();
    rmSync(vendor, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const multipart = body instanceof FormData;
    const r = await fetch(server!.url + path, { method, headers: { authorization: `Bearer ${server!.adminToken}`, ...(body && !multipart ? { 'content-type': 'application/json' } : {}) }, body: multipart ? body : body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: (await r.json().catch(() => undefined)) as any };
  };

  test('the job survives every kill, resumes on start and switches once; every sample ends with one template on the new model', async () => {
    server = await startServerProcess({
      env,
      prepare: (dir) => addCalibratedTinyModels(dir, vendor, [FROM, TO]),
    });
    dataDir = server.dataDir;
    const adminToken = server.adminToken;
    const gallery = (await api('POST', '/v1/galleries', { name: 'Crash', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: FROM.id, thresholdFmr: 1e-3 })).json.id as string;
    const people = readdirSync(lfw).filter((p) => !p.includes('.')).sort().slice(100, 100 + SAMPLES);
    const form = new FormData();
    form.set('source', 'test');
    form.set('manifest', JSON.stringify(Object.fromEntries(people.map((p) => [`${p}.jpg`, { subjectRef: p }]))));
    for (const p of people) form.append('image', new Blob([readFileSync(lfwImage(p, 1))], { type: 'image/jpeg' }), `${p}.jpg`);
    const enrolled = await api('POST', `/v1/galleries/${gallery}/enrollments`, form);
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    assert.equal(enrolled.json.enrolled, SAMPLES, JSON.stringify(enrolled.json.results.filter((r: any) => !r.ok)));

    const started = await api('POST', `/v1/galleries/${gallery}/reembed`, { modelId: TO.id });
    assert.equal(started.status, 202, JSON.stringify(started.json));
    let kills = 0;
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 900)));
      await server.kill();
      kills++;
      server = await startServerProcess({ dataDir, env });
      Object.assign(server, { adminToken });
      const p = await api('GET', `/v1/galleries/${gallery}/reembed`);
      seen.push(p.json.done);
      if (p.json.state !== 'running') break;
      const during = await api('GET', `/v1/galleries/${gallery}`);
      assert.equal(during.json.modelId, FROM.id, 'the gallery stays on the old model until the switch');
    }
    let last: any;
    for (let t = 0; t < 600; t++) {
      last = (await api('GET', `/v1/galleries/${gallery}/reembed`)).json;
      if (last.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(last.state, 'switched', `${kills} kills, done after each restart: ${seen.join(', ')}`);
    assert.deepEqual([last.done, last.total, last.failed], [SAMPLES, SAMPLES, []], 'each sample embedded once');
    assert.equal((await api('GET', `/v1/galleries/${gallery}`)).json.modelId, TO.id);
    assert.ok(kills >= 1);

    // The CLI moves it back through the API, naming the model by its alias, and follows the job on stderr.
    const back = server.cli(['gallery', 'reembed', 'Crash', '--model', FROM.alias, '--wait', '--json'], adminToken);
    assert.equal(back.status, 0, back.stderr);
    assert.deepEqual([JSON.parse(back.stdout).state, JSON.parse(back.stdout).modelId], ['switched', FROM.id]);
    assert.match(back.stderr, /reembed \[#+\] 30\/30/);
    const again = server.cli(['gallery', 'reembed', 'Crash', '--model', FROM.alias], adminToken);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /ABG_ERR_REEMBED_SAME_MODEL/);

    await server.stop();
    server = undefined;
    const store = await openStore(parseDatabaseUrl(`sqlite:${join(dataDir, 'abgleich.db')}`));
    try {
      const subjects = await store.subjects.listByGallery(gallery);
      assert.equal(subjects.length, SAMPLES, 'no subject lost');
      const samples = (await Promise.all(subjects.map((s) => store.samples.listBySubject(s.id)))).flat();
      assert.equal(samples.length, SAMPLES, 'no sample lost, none doubled');
      assert.deepEqual([...new Set(samples.map((s) => s.modelId))], [FROM.id], 'every sample on the model of the last switch');
      assert.equal(await store.reembeds.missing(gallery), SAMPLES, 'the second template set is gone');
      let switched = 0;
      let started = 0;
      for (const leaf of await store.audit.readLeaves(0, await store.audit.size())) {
        const a = leaf.payload && (JSON.parse(leaf.payload) as { action?: string }).action;
        if (a === 'gallery.reembed.switched') switched++;
        if (a === 'gallery.reembed.started') started++;
      }
      assert.deepEqual([started, switched], [2, 2], 'each job logged its start and its switch once');
    } finally {
      await store.close();
    }
  });
});
