// Faces in triaged photos, listed per file when the run names a face model. The media hasher is a
// double built on the real port (every file a photo), so the fake face engine reads the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { apiHarness, type ApiHarness } from '../api/test-harness.ts';
import type { Actor } from '../domain/entities.ts';
import type { MediaHasher } from './ports/media-hasher.ts';
import { fakeImage, fakeModelId } from './testing/fake-face-engine.ts';

const photos: MediaHasher = {
  async hash(file) {
    const d = (a: string) => createHash(a).update(file.bytes).digest('hex');
    return { signals: { size: file.bytes.length, type: 'photo', sha256: d('sha256'), md5: d('md5'), sha1: d('sha1'), pdq: null, vpdq: null, video: null, exif: null }, error: null };
  },
  async close() {},
};

let h: ApiHarness;
let op: Actor;
before(async () => {
  h = await apiHarness({}, { hasher: photos });
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  op = await h.services.auth.authenticate((await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token);
});
after(async () => { await h?.close(); });

test('with a face model, every face of a photo is listed with box, score and quality verdict; without, none', async () => {
  const files = [
    { name: 'group.jpg', bytes: fakeImage({ face: 'a', others: ['b', 'c'] }) },
    { name: 'empty.jpg', bytes: fakeImage({ face: null }) },
    { name: 'blurred.jpg', bytes: fakeImage({ face: 'd', quality: 10 }) },
  ];
  const r = await h.services.triage.run(op, { caseRef: 'F-1', faceModelId: fakeModelId, files });
  const faces = Object.fromEntries(r.results.map((x) => [x.file, x.faces]));
  assert.equal(faces['group.jpg']?.length, 3);
  assert.deepEqual(faces['group.jpg']?.[0], { box: [10, 10, 100, 100], detectionScore: 0.99, quality: 'accept' });
  assert.deepEqual(faces['empty.jpg'], []);
  assert.equal(faces['blurred.jpg']?.[0]?.quality, 'reject');
  const stored = await h.services.triage.get(op, r.run.id);
  assert.equal(stored.results[0]!.faces?.length, 3);
  const plain = await h.services.triage.run(op, { caseRef: 'F-2', files });
  assert.ok(plain.results.every((x) => x.faces === undefined));
});

test('an unknown face model is refused before anything is hashed or written', async () => {
  await assert.rejects(h.services.triage.run(op, { caseRef: 'F-3', faceModelId: 'no/such@1', files: [{ name: 'x.jpg', bytes: fakeImage({ face: 'a' }) }] }), (e: any) => e.code === 'ABG_ERR_UNKNOWN_MODEL');
});
