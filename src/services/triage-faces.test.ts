// Faces in triaged photos and video frames, listed per file when the run names a face model, and
// objections consulted on every file. The media hasher is a double built on the real port (a
// `.mp4` name is a video whose sampled frames are fake images), so the fake face engine reads them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import type { Actor } from '../domain/entities.ts';
import type { MediaHasher } from './ports/media-hasher.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const photos: MediaHasher = {
  async hash(file) {
    const d = (a: string) => createHash(a).update(file.bytes).digest('hex');
    const type = file.name.endsWith('.mp4') ? 'video' : 'photo';
    return { signals: { size: file.bytes.length, type, sha256: d('sha256'), md5: d('md5'), sha1: d('sha1'), pdq: null, vpdq: null, video: null, exif: null }, error: null };
  },
  // The "video" lists fake frames as JSON lines; the double honours the frame cap like the real one.
  async videoFrames(file, { maxFrames }) {
    const lines = new TextDecoder().decode(file.bytes).split('\n').slice(0, maxFrames);
    return lines.map((l, i) => ({ timestampSeconds: i * 2.5, image: new TextEncoder().encode(l) }));
  },
  async close() {},
};

let h: ApiHarness;
let op: Actor;
let admin: Actor;
before(async () => {
  h = await apiHarness({}, { mediaHasher: photos });
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  op = await h.services.auth.authenticate((await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token);
  admin = await h.services.auth.authenticate(h.adminToken);
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

const video = (...frames: Uint8Array[]) => new TextEncoder().encode(frames.map((f) => new TextDecoder().decode(f)).join('\n'));

test('faces in a bounded number of video frames are listed with the frame time', async () => {
  const clip = video(fakeImage({ face: null }), fakeImage({ face: 'v', others: ['w'] }), fakeImage({ face: 'x' }), fakeImage({ face: 'y' }));
  const r = await h.services.triage.run(op, { caseRef: 'F-4', faceModelId: fakeModelId, files: [{ name: 'clip.mp4', bytes: clip }] }, undefined, { videoFaceFrames: 3 });
  const faces = r.results[0]!.faces!;
  // Frame 4 is beyond the cap of 3 frames; frame 1 shows nobody.
  assert.deepEqual(faces.map((f) => f.frameSeconds), [2.5, 2.5, 5]);
  assert.deepEqual(faces[0], { box: [10, 10, 100, 100], detectionScore: 0.99, quality: 'accept', frameSeconds: 2.5 });
  const plain = await h.services.triage.run(op, { caseRef: 'F-5', files: [{ name: 'clip.mp4', bytes: clip }] });
  assert.equal(plain.results[0]!.faces, undefined);
});

test('files an active objection reaches are flagged with the stage that caught them; withdrawn objections flag nothing', async () => {
  const evidence = fakeImage({ face: 'objector' });
  const exactId = (await h.services.objections.file(admin, { reference: 'DSR-T1', purposes: ['all'], evidence: [{ fileName: 'e.jpg', bytes: evidence }] })).objection.id;
  const faceId = (await h.services.objections.file(admin, { reference: 'DSR-T2', purposes: ['search'], evidence: [{ fileName: 'e2.jpg', bytes: fakeImage({ face: 'consenting' }) }], faceConsent: { consentRef: 'form 9' } })).objection.id;
  const files = [
    { name: 'copy.jpg', bytes: evidence },
    { name: 'other-photo.jpg', bytes: fakeImage({ face: 'consenting', variant: 1 }) },
    { name: 'in-a-video.mp4', bytes: video(fakeImage({ face: null }), fakeImage({ face: 'stranger', others: ['consenting'] })) },
    { name: 'stranger.jpg', bytes: fakeImage({ face: 'stranger' }) },
  ];
  const r = await h.services.triage.run(op, { caseRef: 'F-6', faceModelId: fakeModelId, files });
  const by = Object.fromEntries(r.results.map((x) => [x.file, x.objection]));
  assert.deepEqual(by['copy.jpg'], { stage: 'exact', objectionId: exactId, measure: 0, reference: 'DSR-T1' });
  assert.equal(by['other-photo.jpg']?.reference, 'DSR-T2');
  assert.equal(by['other-photo.jpg']?.stage, 'face');
  assert.equal(by['other-photo.jpg']?.objectionId, faceId);
  assert.equal(by['in-a-video.mp4']?.stage, 'face');
  assert.equal(by['stranger.jpg'], undefined);
  assert.deepEqual((await h.services.triage.get(op, r.run.id)).results[0]!.objection, by['copy.jpg']);
  // Without a face model the face stage has nothing to compare: only the exact copy is flagged.
  const noFaces = await h.services.triage.run(op, { caseRef: 'F-7', files });
  assert.deepEqual(noFaces.results.map((x) => x.objection?.stage ?? null), ['exact', null, null, null]);
  for (const id of [exactId, faceId]) await h.services.objections.withdraw(admin, id, 'test over');
  const after = await h.services.triage.run(op, { caseRef: 'F-8', faceModelId: fakeModelId, files });
  assert.ok(after.results.every((x) => x.objection === undefined));
});
