// One contract suite for the FaceDetector port, run against every detector (Human on TensorFlow.js,
// the same models on ONNX Runtime): what the pipeline relies on, on real photos.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../media/decode.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';
import type { FaceDetector, RgbImage } from './types.ts';

const portrait = async (name: string, i: number) => decodeImage(readFileSync(lfwImage(name, i)));

/** Two images on one canvas, side by side, top-aligned, black elsewhere. */
function sideBySide(a: RgbImage, b: RgbImage): RgbImage {
  const width = a.width + b.width, height = Math.max(a.height, b.height);
  const data = new Uint8Array(width * height * 3);
  for (const [img, x0] of [[a, 0], [b, a.width]] as const) {
    for (let y = 0; y < img.height; y++) data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), (y * width + x0) * 3);
  }
  return { width, height, data };
}

/** Every second pixel of every second row: the image at half size. */
function halfSize(img: RgbImage): RgbImage {
  const width = Math.floor(img.width / 2), height = Math.floor(img.height / 2);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(img.data.subarray(((2 * y) * img.width + 2 * x) * 3, ((2 * y) * img.width + 2 * x) * 3 + 3), (y * width + x) * 3);
  return { width, height, data };
}

export function describeFaceDetectorContract(name: string, create: () => Promise<FaceDetector>): void {
  describe(`FaceDetector contract: ${name}`, () => {
    let detector: FaceDetector;
    before(async () => { detector = await create(); });
    after(async () => { await detector?.dispose(); });

    test('a portrait: one face, its box in the image, a score, the seven landmarks in the subject\'s order', { skip: lfwAbsent }, async () => {
      const image = await portrait('Aaron_Peirsol', 1);
      const [face, ...rest] = await detector.detect(image, { maxFaces: 1 });
      assert.ok(face);
      assert.equal(rest.length, 0);
      const [x, y, w, h] = face.box;
      assert.ok(x >= 0 && y >= 0 && w > 40 && h > 40 && x + w <= image.width && y + h <= image.height, `box ${face.box.join(',')}`);
      assert.ok(face.score > 0.2 && face.score <= 1, `score ${face.score}`);
      const l = face.landmarks;
      for (const p of Object.values(l)) assert.ok(p.x >= x && p.x <= x + w && p.y >= y && p.y <= y + h, `landmark ${JSON.stringify(p)} outside the box`);
      assert.ok(l.rightEyeOuter.x < l.rightEyeInner.x && l.rightEyeInner.x < l.leftEyeInner.x && l.leftEyeInner.x < l.leftEyeOuter.x, 'eye corners out of order');
      assert.ok(l.mouthRight.x < l.mouthLeft.x, 'mouth corners out of order');
      assert.ok(l.noseBase.y > l.rightEyeInner.y && l.noseBase.y < l.mouthRight.y, 'nose base not between eyes and mouth');
      assert.ok(Math.abs(face.pose.yaw) < 30 && Math.abs(face.pose.roll) < 20, `pose ${JSON.stringify(face.pose)}`);
    });

    test('two people on one canvas: both found, the larger first, and maxFaces keeps only it', { skip: lfwAbsent }, async () => {
      const big = await portrait('Angela_Bassett', 1), small = halfSize(await portrait('Anthony_Fauci', 2));
      const image = sideBySide(small, big);
      const all = await detector.detect(image);
      assert.equal(all.length, 2, `found ${all.length}`);
      assert.ok(all[0]!.box[0] >= small.width, 'the larger face (right half) comes first');
      assert.ok(all[0]!.box[2] * all[0]!.box[3] > all[1]!.box[2] * all[1]!.box[3]);
      const one = await detector.detect(image, { maxFaces: 1 });
      assert.deepEqual(one, all.slice(0, 1));
    });

    test('no face in a flat image, in noise, in a tiny image or in a thin strip', async () => {
      const flat: RgbImage = { width: 200, height: 160, data: new Uint8Array(200 * 160 * 3).fill(128) };
      const noise: RgbImage = { width: 180, height: 180, data: Uint8Array.from({ length: 180 * 180 * 3 }, (_, i) => (i * 2654435761) % 256) };
      const tiny: RgbImage = { width: 3, height: 2, data: new Uint8Array(18).fill(90) };
      const strip: RgbImage = { width: 1200, height: 4, data: new Uint8Array(1200 * 4 * 3).fill(30) };
      for (const img of [flat, noise, tiny, strip]) assert.deepEqual(await detector.detect(img), [], `${img.width}×${img.height}`);
    });
  });
}
