// The detector's resampling against TensorFlow.js's own image ops (the WebAssembly backend Human
// runs on): the models must see the same pixels on both runtimes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Any } from '../runtime.ts';
import { tfOnWasm } from '../../../testing/tf-wasm.ts';
import { cropAndResize, flipLeftRight, resizeBilinear, type Hwc } from './sampling.ts';

let tf: Any;
before(async () => { tf = await tfOnWasm(); });

function image(width: number, height: number): Hwc {
  return { width, height, data: Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 2654435761) % 251) };
}

// Sample positions are computed in float32 as TensorFlow's kernels compute them, so values agree to
// rounding; a sample taken one pixel off would differ by tens.
function sameAs(ours: Hwc, theirs: Any, what: string): void {
  assert.deepEqual([1, ours.height, ours.width, 3], theirs.shape, `${what}: shape`);
  const b = theirs.dataSync() as Float32Array;
  let worst = 0;
  ours.data.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - b[i]!)); });
  assert.ok(worst < 1e-3, `${what}: differs by ${worst}`);
}

const tensor = (img: Hwc) => tf.tensor4d(Float32Array.from(img.data), [1, img.height, img.width, 3]);

test('resizing up and down samples as resize_bilinear does', () => {
  for (const [w, h, to] of [[250, 250, 256], [640, 480, 256], [97, 131, 256], [300, 200, 64]] as const) {
    sameAs(resizeBilinear(image(w, h), to, to), tf.image.resizeBilinear(tensor(image(w, h)), [to, to]), `${w}×${h} → ${to}`);
  }
});

test('a crop reaching past the image edges samples as crop_and_resize does, zero outside', () => {
  for (const img of [image(250, 250), image(1600, 1200)]) {
    for (const box of [[0.1, 0.2, 0.7, 0.8], [-0.2, -0.1, 0.6, 0.5], [0.5, 0.6, 1.3, 1.2]] as [number, number, number, number][]) {
      sameAs(cropAndResize(img, box, 192), tf.image.cropAndResize(tensor(img), [box], [0], [192, 192]), `${img.width} px, box ${box.join(',')}`);
    }
  }
});

test('a crop of the rotated image equals rotate_with_offset followed by crop_and_resize', () => {
  const img = image(250, 250);
  for (const angle of [0.35, -0.8, 2.5]) {
    const box: [number, number, number, number] = [0.15, 0.05, 0.9, 0.8];
    const [cx, cy] = [131.5, 117];
    const rotated = tf.image.rotateWithOffset(tensor(img), angle, 0, [cx / 250, cy / 250]);
    sameAs(cropAndResize(img, box, 192, { angle, cx, cy }), tf.image.cropAndResize(rotated, [box], [0], [192, 192]), `angle ${angle}`);
  }
});

test('mirroring equals flip_left_right', () => {
  const img = cropAndResize(image(80, 60), [0, 0, 1, 1], 64);
  sameAs(flipLeftRight(img), tf.image.flipLeftRight(tensor(img)), 'flip');
});
