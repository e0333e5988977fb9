// The ONNX detector against Human on the same photos: same models, same pixels in, same rules,
// so the same landmarks, boxes and scores — which is what lets the calibration made with Human's
// landmarks stand for the ONNX path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { decodeImage } from '../../../media/decode.ts';
import { lfw, lfwAbsent } from '../../../testing/face-test-data.ts';
import { createHumanDetector } from '../human-detector.ts';
import { landmarkNames, type DetectedFace, type FaceDetector, type RgbImage } from '../types.ts';
import { ensureMediapipeOnnx, mediapipeFileName } from './mediapipe-graphs.ts';
import { createOnnxFaceDetector } from './onnx-face-detector.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'abg-mediapipe-'));
let human: FaceDetector, onnx: FaceDetector;
before(async () => {
  if (lfwAbsent) return;
  human = await createHumanDetector();
  onnx = await createOnnxFaceDetector({ cacheDir });
});
after(async () => { await human?.dispose(); await onnx?.dispose(); });

// Per face: identical box and score; landmarks identical but for rare one-pixel steps where the
// two runtimes' float rounding lands on either side of a whole pixel.
function compare(a: DetectedFace[], b: DetectedFace[], what: string, tally: { points: number; identical: number }): void {
  assert.equal(b.length, a.length, `${what}: ${a.length} faces by Human, ${b.length} by ONNX`);
  a.forEach((fa, i) => {
    const fb = b[i]!;
    assert.equal(fb.score, fa.score, `${what} face ${i} score`);
    for (const k of landmarkNames) {
      const d = Math.hypot(fa.landmarks[k].x - fb.landmarks[k].x, fa.landmarks[k].y - fb.landmarks[k].y);
      assert.ok(d <= Math.SQRT2, `${what} face ${i} ${k}: ${d.toFixed(2)} px apart`);
      tally.points++;
      if (d === 0) tally.identical++;
    }
    assert.ok(fa.box.every((v, j) => Math.abs(v - fb.box[j]!) <= 1), `${what} face ${i} box ${fa.box} against ${fb.box}`);
  });
}

test('the same faces, scores and landmarks as Human on 40 LFW photos', { skip: lfwAbsent }, async () => {
  const people = readdirSync(lfw).filter((p) => statSync(join(lfw, p)).isDirectory()).filter((_, i) => i % 97 === 0).slice(0, 40);
  const tally = { points: 0, identical: 0 };
  let faces = 0;
  for (const p of people) {
    const image = await decodeImage(readFileSync(join(lfw, p, readdirSync(join(lfw, p))[0]!)));
    const theirs = await human.detect(image);
    compare(theirs, await onnx.detect(image), p, tally);
    faces += theirs.length;
  }
  assert.ok(faces >= 40, `${faces} faces`);
  assert.ok(tally.identical >= 0.98 * tally.points, `${tally.identical} of ${tally.points} landmarks identical`);
});

async function raw(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const rotated = (file: string, degrees: number) => raw(sharp(readFileSync(file)).rotate(degrees, { background: '#000' }));

test('heads tilted past the rotation threshold: corrected as Human corrects them, the same landmarks', { skip: lfwAbsent }, async () => {
  const tally = { points: 0, identical: 0 };
  for (const [name, degrees] of [['Aaron_Peirsol', 25], ['Angela_Bassett', -35], ['Anthony_Fauci', 45]] as const) {
    const image = await rotated(join(lfw, name, `${name}_0001.jpg`), degrees);
    const theirs = await human.detect(image);
    assert.ok(theirs.length >= 1, `${name} at ${degrees}°: no face`);
    assert.ok(Math.abs(Math.abs(theirs[0]!.pose.roll) - Math.abs(degrees)) < 15, `${name}: roll ${theirs[0]!.pose.roll}° for a ${degrees}° turn`);
    compare(theirs, await onnx.detect(image), `${name} at ${degrees}°`, tally);
  }
  assert.ok(tally.identical >= 0.9 * tally.points, `${tally.identical} of ${tally.points} landmarks identical`);
});

// Up to 2^24 values: beyond that TensorFlow.js's WebAssembly crop loses precision in its pixel
// indices and Human's crops, hence its landmarks, drift by a few pixels; this detector's do not.
test('a 5.4-megapixel photo: the same landmarks as Human', { skip: lfwAbsent }, async () => {
  const image = await raw(sharp(readFileSync(join(lfw, 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg'))).resize(2700, 2000, { fit: 'fill' }));
  assert.ok(image.width * image.height * 3 < 2 ** 24);
  const tally = { points: 0, identical: 0 };
  compare(await human.detect(image), await onnx.detect(image), '2700×2000', tally);
  assert.ok(tally.points === 7 && tally.identical >= 6, `${tally.identical} of ${tally.points} landmarks identical`);
});

test('the converted graphs are cached with their sha256 and rebuilt when a file changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-mediapipe-cache-'));
  const first = ensureMediapipeOnnx(dir, 'iris');
  assert.equal(first.built, true);
  assert.equal(first.file, join(dir, mediapipeFileName('iris')));
  const again = ensureMediapipeOnnx(dir, 'iris');
  assert.equal(again.built, false);
  assert.equal(again.sha256, first.sha256);
  writeFileSync(first.file, Buffer.from('not the graph'));
  const rebuilt = ensureMediapipeOnnx(dir, 'iris');
  assert.equal(rebuilt.built, true);
  assert.equal(rebuilt.sha256, first.sha256);
  assert.deepEqual(new Uint8Array(readFileSync(first.file)), rebuilt.bytes);
});
