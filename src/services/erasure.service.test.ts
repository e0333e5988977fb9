// Erasure leaves nothing of the subject on disk: not the wrapped or plain data key, not the name,
// the file name, the image, the ciphertexts or the template, in any file of the data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { FakeFaceEngine, fakeModelId } from '../testing/fake-face-engine.ts';
import { loadConfig } from '../app/config.ts';
import { openRuntime, type Runtime } from '../app/runtime.ts';
import { loadIndex } from '../index/load.ts';
import type { KyselyStore } from '../store/kysely/kysely-store.ts';
import { openFileName, openTemplate } from './sample-seal.ts';
import { dataFiles } from '../testing/data-files.ts';

const NAME = 'Quirinius Zebedäus Wolkenstein';
const FILE = 'Quirinius_Zebedaeus_Wolkenstein_0007.jpg';
const RUN = 'QZW-distinctive-image-run-0123456789-abcdefghijklmnopqrstuvwxyz!';


/** Whether a snapshot in the index folder, opened with the runtime's snapshot key, holds the sample. */
async function inSnapshots(h: Pick<ApiHarness, 'dataDir' | 'services'>, sampleId: string): Promise<boolean> {
  const dir = join(h.dataDir, 'index');
  const key = h.services.deps.envelope.deriveKey('index-snapshot');
  for (const f of readdirSync(dir)) if ((await loadIndex(join(dir, f), key)).index.has(sampleId)) return true;
  return false;
}

/** The needles found in some file, as "needle in file". */
function found(dir: string, needles: Record<string, Buffer[]>): string[] {
  const files = dataFiles(dir);
  const hits: string[] = [];
  for (const [what, forms] of Object.entries(needles)) {
    for (const f of files) if (forms.some((n) => f.bytes.includes(n))) hits.push(`${what} in ${f.name}`);
  }
  return hits;
}

const b64 = (b: Uint8Array) => Buffer.from(Buffer.from(b).toString('base64'));
const bytes = (b: ArrayBufferView) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

async function operator(h: ApiHarness): Promise<{ token: string; gallery: string }> {
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Custody', kind: 'face', legalBasis: 'BKAG §16', purposes: ['criminal-investigation'], retentionDays: 3650, modelId: fakeModelId });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  const token = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token;
  return { token, gallery: g.json.id };
}

/** Opens the runtime again over the data directory, runs `fn`, and closes it. */
async function restarted(dataDir: string, fn: (rt: Runtime) => Promise<void>, warn: (o: object) => void = () => {}): Promise<void> {
  const rt = await openRuntime(loadConfig({ env: {}, flags: { dataDir } }), { faces: new FakeFaceEngine(), logger: { warn, info: () => {} } });
  try {
    await fn(rt);
  } finally {
    await rt.close();
  }
}

/** Runs `fn` over a fresh harness and removes its data directory afterwards. */
async function withHarness(fn: (h: ApiHarness) => Promise<void>): Promise<void> {
  const h = await apiHarness();
  try {
    await fn(h);
  } finally {
    rmSync(h.dataDir, { recursive: true, force: true });
  }
}

const faceIndexOf = async (rt: Runtime) => (await (rt.services.deps.index as any).index(fakeModelId)).index;

const image = (face: string, pad = '') => new TextEncoder().encode(JSON.stringify({ face, variant: 0, quality: 90, pad }));

async function enroll(h: ApiHarness, op: { token: string; gallery: string }, ref: string, file: string, data: Uint8Array, name: string): Promise<string> {
  const r = await h.upload(`/v1/galleries/${op.gallery}/enrollments`, op.token, { subjectRef: ref, source: 'custody photo', coreData: JSON.stringify({ name }) }, [{ field: 'image', name: file, data }]);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.results[0].ok, true, JSON.stringify(r.json));
  return r.json.results[0].subjectId;
}

test('after an erasure and a shutdown no file of the data directory holds the key, the name, the file name, the image, the ciphertexts or the template', () => withHarness(async (h) => {
  const op = await operator(h);
  const photo = image('quirinius', RUN);
  const id = await enroll(h, op, 'CASE-77', FILE, photo, NAME);
  await enroll(h, op, 'CASE-78', 'other_person.jpg', image('someone-else'), 'Other Person');
  const { store, envelope, index } = h.services.deps;

  const wrapped = (await store.subjects.wrappedKey(id))!;
  const key = envelope.unwrap(wrapped, `subject:${id}`);
  const subject = (await store.subjects.get(id))!;
  const [sample] = await store.samples.listBySubject(id);
  const template = openTemplate(envelope, key, sample!.id, sample!.sealedTemplate);
  assert.equal(openFileName(envelope, key, sample!.id, sample!.sealedFileName), FILE);
  assert.equal((await index.search(fakeModelId, template, 1, [op.gallery]))[0]?.sampleId, sample!.id);
  await index.purgeSnapshots([fakeModelId]); // a snapshot holding the subject's template exists before the erasure
  const ciphertexts: Record<string, Buffer[]> = {
    'wrapped data key': [Buffer.from(wrapped), Buffer.from(wrapped, 'base64')],
    'sealed core data': [Buffer.from(subject.sealedCoreData!), Buffer.from(subject.sealedCoreData!, 'base64')],
    'sealed image': [Buffer.from(sample!.sealedImage), Buffer.from(sample!.sealedImage, 'base64')],
    'sealed template': [Buffer.from(sample!.sealedTemplate), Buffer.from(sample!.sealedTemplate, 'base64')],
    'sealed file name': [Buffer.from(sample!.sealedFileName!), Buffer.from(sample!.sealedFileName!, 'base64')],
  };
  const plaintexts: Record<string, Buffer[]> = {
    'data key': [key, b64(key), Buffer.from(key.toString('hex'))],
    name: [Buffer.from(NAME), Buffer.from(JSON.stringify(NAME).slice(1, -1))],
    'file name': [Buffer.from(FILE)],
    'image bytes': [Buffer.from(RUN)],
    template: [bytes(template), b64(bytes(template))],
  };

  // Control: before the erasure the ciphertexts are on disk (so this search can find things),
  // while the plaintexts are not, not even then: they are sealed at rest.
  assert.deepEqual(found(h.dataDir, plaintexts), []);
  assert.equal(await inSnapshots(h, sample!.id), true);
  const before = found(h.dataDir, ciphertexts);
  for (const what of Object.keys(ciphertexts)) assert.ok(before.some((x) => x.startsWith(`${what} in `)), `${what} not found before erasure: ${before.join(', ')}`);

  const e = await h.call('DELETE', `/v1/subjects/${id}`, op.token, { reason: 'erasure request of the data subject' });
  assert.equal(e.status, 200, JSON.stringify(e.json));
  // Right after the erasure, with the server still running; the snapshot no longer holds the template.
  assert.deepEqual(found(h.dataDir, { ...ciphertexts, ...plaintexts }), []);
  assert.equal(await inSnapshots(h, sample!.id), false);

  await h.app.close();
  await h.runtime.close();
  assert.deepEqual(found(h.dataDir, { ...ciphertexts, ...plaintexts }), []);

  // The other subject is still found after a restart.
  await restarted(h.dataDir, async (rt) => {
    const reopened = await faceIndexOf(rt);
    assert.equal(reopened.size, 1);
    assert.equal(reopened.has(sample!.id), false);
  });
}));

test('an erasure after a restart, before the index was opened again, rewrites its snapshot too', () => withHarness(async (h) => {
  const op = await operator(h);
  const id = await enroll(h, op, 'CASE-80', FILE, image('restarted'), NAME);
  await enroll(h, op, 'CASE-81', 'kept.jpg', image('kept'), 'Kept Person');
  const [sample] = await h.services.deps.store.samples.listBySubject(id);
  await h.services.deps.index.search(fakeModelId, new Float32Array(32).fill(0.1), 1, [op.gallery]);
  await h.app.close();
  await h.runtime.close();
  assert.equal(await inSnapshots(h, sample!.id), true);

  await restarted(h.dataDir, async (rt) => {
    const actor = await rt.services.auth.authenticate(op.token);
    await rt.services.erasure.erase(actor, id, 'erasure request');
    assert.equal(await inSnapshots({ dataDir: h.dataDir, services: rt.services }, sample!.id), false);
    assert.equal((await faceIndexOf(rt)).size, 1);
  });
}));

test('samples stored before sealing (plaintext file name and template) are sealed at the next start, and still found', () => withHarness(async (h) => {
  const op = await operator(h);
  const id = await enroll(h, op, 'CASE-90', FILE, image('legacy-face'), NAME);
  const { store, envelope } = h.services.deps;
  const [sample] = await store.samples.listBySubject(id);
  const key = envelope.unwrap((await store.subjects.wrappedKey(id))!, `subject:${id}`);
  const template = openTemplate(envelope, key, sample!.id, sample!.sealedTemplate);
  // Turn the row back into what an older version wrote.
  const db = (store as KyselyStore).db;
  await sql`update samples set file_name = ${FILE}, template = ${b64(bytes(template)).toString()}, sealed = 0 where id = ${sample!.id}`.execute(db);
  await store.compact();
  await h.app.close();
  await h.runtime.close();
  assert.ok(found(h.dataDir, { 'file name': [Buffer.from(FILE)] }).length > 0, 'the plaintext file name is on disk before the upgrade');

  const warnings: object[] = [];
  await restarted(h.dataDir, async (rt) => {
    assert.deepEqual(warnings[0], { sealed: 1, keyless: 0 });
    const [again] = await rt.services.deps.store.samples.listBySubject(id);
    assert.equal(openFileName(envelope, key, again!.id, again!.sealedFileName), FILE);
    assert.deepEqual(openTemplate(envelope, key, again!.id, again!.sealedTemplate), template);
    const hits = await rt.services.deps.index.search(fakeModelId, template, 1, [op.gallery]);
    assert.equal(hits[0]?.sampleId, sample!.id);
  }, (o) => warnings.push(o));
  assert.deepEqual(found(h.dataDir, { 'file name': [Buffer.from(FILE)], template: [bytes(template), b64(bytes(template))] }), []);
}));
