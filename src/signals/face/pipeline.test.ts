import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { isAbgError } from '../../domain/errors.ts';
import { createHumanDetector } from './human-detector.ts';
import { createFaceApiEmbedder } from './faceapi-embedder.ts';
import { FacePipeline } from './pipeline.ts';
import { resolveModel } from './models.ts';
import { cosine } from './vector.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';

let pipeline: FacePipeline;
before(async () => {
  if (!lfwAbsent) pipeline = new FacePipeline(await createHumanDetector(), await createFaceApiEmbedder());
});
after(async () => { await pipeline?.dispose(); });

const embed = async (bytes: Uint8Array) => (await pipeline.analyse(bytes)).faces[0]!;

test('the same person scores above the calibrated 1e-3 threshold, different people below it', { skip: lfwAbsent }, async () => {
  const a1 = await embed(readFileSync(lfwImage('Abel_Pacheco', 1)));
  const a2 = await embed(readFileSync(lfwImage('Abel_Pacheco', 4)));
  const b = await embed(readFileSync(lfwImage('Akhmed_Zakayev', 1)));
  const c = await embed(readFileSync(lfwImage('Aaron_Peirsol', 1)));
  const threshold = resolveModel(a1.model).calibration().scoreAtFmr(1e-3);
  assert.ok(cosine(a1.embedding, a2.embedding) >= threshold, `genuine ${cosine(a1.embedding, a2.embedding)} vs ${threshold}`);
  assert.ok(cosine(a1.embedding, b.embedding) < threshold);
  assert.ok(cosine(b.embedding, c.embedding) < threshold);
});

test('a face reports box, landmarks, pose and a quality report; the embedding is unit length', { skip: lfwAbsent }, async () => {
  const f = await embed(readFileSync(lfwImage('Aaron_Peirsol', 1)));
  const [x, y, w, h] = f.box;
  assert.ok(x >= 0 && y >= 0 && x + w <= 250 && y + h <= 250 && w > 50);
  assert.ok(f.landmarks.rightEyeOuter.x < f.landmarks.leftEyeOuter.x, 'image-left eye is the subject’s right eye');
  assert.equal(f.embedding.length, 128);
  assert.ok(Math.abs(Math.hypot(...f.embedding) - 1) < 1e-4);
  assert.ok(f.quality.unified > 0 && f.quality.unified <= 100);
  assert.ok(['accept', 'warn', 'reject'].includes(f.quality.decision));
  assert.ok(f.quality.interEyePx > 20);
});

test('an EXIF-rotated copy gives the same face as the upright original', { skip: lfwAbsent }, async () => {
  const original = readFileSync(lfwImage('Aaron_Peirsol', 1));
  // Pixels stored turned 90° anticlockwise; orientation 6 tells a viewer to turn them back.
  const rotated = await sharp(original).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
  const a = await embed(original), b = await embed(rotated);
  assert.ok(cosine(a.embedding, b.embedding) > 0.95, String(cosine(a.embedding, b.embedding)));
});

test('--all-faces finds every face of a group photo; the default returns the largest only', { skip: lfwAbsent }, async () => {
  const names = ['Abel_Pacheco', 'Akhmed_Zakayev', 'Aaron_Peirsol', 'Aaron_Sorkin'];
  const tiles = await Promise.all(names.map((n, i) => sharp(readFileSync(lfwImage(n, 1))).resize(i === 0 ? 250 : 180).toBuffer()));
  const group = await sharp({ create: { width: 500, height: 500, channels: 3, background: '#777' } })
    .composite(tiles.map((t, i) => ({ input: t, left: (i % 2) * 250, top: Math.floor(i / 2) * 250 }))).jpeg().toBuffer();
  const all = await pipeline.analyse(group, { allFaces: true });
  assert.equal(all.faces.length, 4);
  const one = await pipeline.analyse(group);
  assert.equal(one.faces.length, 1);
  assert.equal(one.faces[0]!.box[2] * one.faces[0]!.box[3], Math.max(...all.faces.map((f) => f.box[2] * f.box[3])));
});

test('an image without a face is ABG_ERR_NO_FACE', { skip: lfwAbsent }, async () => {
  const grey = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } }).png().toBuffer();
  await assert.rejects(pipeline.analyse(grey), (e) => isAbgError(e) && e.code === 'ABG_ERR_NO_FACE');
});
