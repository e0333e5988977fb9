import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../media/decode.ts';
import { createHumanDetector } from './human-detector.ts';
import { faceApiChip } from './faceapi-embedder.ts';
import { alignFace, canonicalLandmarks, similarityTransform, applyAffine } from './align.ts';
import { alignFivePoints, cutChip, fivePoints } from './five-point.ts';
import type { DetectedFace, FaceDetector, FaceLandmarks, Point, RgbImage } from './types.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';

let detector: FaceDetector;
before(async () => { if (!lfwAbsent) detector = await createHumanDetector(); });
after(async () => { await detector?.dispose(); });

async function face(name: string, i: number): Promise<{ image: RgbImage; face: DetectedFace }> {
  const image = await decodeImage(readFileSync(lfwImage(name, i)));
  return { image, face: (await detector.detect(image, { maxFaces: 1 }))[0]! };
}

test('dlib\'s five points land on the eye corners and nose base the mesh found, a few pixels apart', { skip: lfwAbsent }, async () => {
  for (const [name, i] of [['Aaron_Peirsol', 1], ['Angela_Bassett', 1], ['Anthony_Fauci', 2]] as const) {
    const { image, face: f } = await face(name, i);
    const l = f.landmarks;
    const mesh = [l.leftEyeOuter, l.leftEyeInner, l.rightEyeOuter, l.rightEyeInner, l.noseBase];
    const iod = Math.hypot(l.leftEyeOuter.x - l.rightEyeOuter.x, l.leftEyeOuter.y - l.rightEyeOuter.y);
    const five = fivePoints(image, l);
    five.forEach((p, k) => {
      const d = Math.hypot(p.x - mesh[k]!.x, p.y - mesh[k]!.y);
      assert.ok(d < 0.15 * iod, `${name} point ${k}: ${d.toFixed(1)} px from the mesh's (inter-ocular ${iod.toFixed(1)} px)`);
    });
  }
});

test('the predictor corrects a start that is off: moved landmarks lead back to nearly the same points', { skip: lfwAbsent }, async () => {
  const { image, face: f } = await face('Aaron_Peirsol', 1);
  const l = f.landmarks;
  const iod = Math.hypot(l.leftEyeOuter.x - l.rightEyeOuter.x, l.leftEyeOuter.y - l.rightEyeOuter.y);
  const shift = 0.1 * iod;
  const moved = Object.fromEntries(Object.entries(l).map(([k, p]: [string, Point]) => [k, { x: p.x + shift, y: p.y - shift }])) as unknown as FaceLandmarks;
  const a = fivePoints(image, l), b = fivePoints(image, moved);
  const worst = Math.max(...a.map((p, k) => Math.hypot(p.x - b[k]!.x, p.y - b[k]!.y)));
  assert.ok(worst < shift / 2, `moved the start by ${shift.toFixed(1)} px; the answer moved by up to ${worst.toFixed(1)} px`);
});

test('the 128-d chip is cut from the five points, with the seven-point chip as its mirror view', { skip: lfwAbsent }, async () => {
  const { image, face: f } = await face('Angela_Bassett', 1);
  const chip = cutChip(image, f.landmarks, faceApiChip);
  const five = fivePoints(image, f.landmarks);
  assert.deepEqual(chip.data, alignFivePoints(image, five, faceApiChip).data);
  assert.deepEqual(chip.mirrorView?.data, alignFace(image, f.landmarks, faceApiChip).data);
  // The five points sit on the mean face's eye corners and nose base in the chip.
  const c = canonicalLandmarks(faceApiChip);
  const m = similarityTransform(five, [c[3]!, c[2]!, c[0]!, c[1]!, c[4]!]);
  assert.ok(Math.abs(applyAffine(m, five[4]).y - c[4]!.y) < 6);
  // A chip that does not ask for them is the seven-point chip alone.
  const plain = cutChip(image, f.landmarks, { size: 112, padding: 0.3 });
  assert.equal(plain.mirrorView, undefined);
  assert.deepEqual(plain.data, alignFace(image, f.landmarks, { size: 112, padding: 0.3 }).data);
});
