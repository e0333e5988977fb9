import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignFace, applyAffine, canonicalLandmarks, invertAffine, mirrorChip, similarityTransform, warpAffine } from './align.ts';
import { landmarkNames, type FaceLandmarks, type Point } from './types.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('similarityTransform recovers a known rotation, scale and translation exactly', () => {
  const from: Point[] = [{ x: 10, y: 20 }, { x: 40, y: 22 }, { x: 25, y: 50 }, { x: 5, y: 70 }];
  const angle = 0.3, scale = 1.7, tx = -12, ty = 33;
  const to = from.map((p) => ({
    x: scale * (Math.cos(angle) * p.x - Math.sin(angle) * p.y) + tx,
    y: scale * (Math.sin(angle) * p.x + Math.cos(angle) * p.y) + ty,
  }));
  const m = similarityTransform(from, to);
  from.forEach((p, i) => {
    const q = applyAffine(m, p);
    close(q.x, to[i]!.x);
    close(q.y, to[i]!.y);
  });
  close(Math.hypot(m[0], m[3]), scale);
});

test('similarityTransform never reflects: a mirrored point set gives a rotation, not a flip', () => {
  const from: Point[] = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 5 }];
  const to = from.map((p) => ({ x: -p.x, y: p.y }));
  const m = similarityTransform(from, to);
  assert.ok(m[0] * m[4] - m[1] * m[3] >= 0, 'determinant must not be negative');
});

test('invertAffine undoes the transform', () => {
  const m = similarityTransform([{ x: 0, y: 0 }, { x: 1, y: 0 }], [{ x: 5, y: 5 }, { x: 5, y: 7 }]);
  const p = applyAffine(invertAffine(m), applyAffine(m, { x: 3.5, y: -2 }));
  close(p.x, 3.5);
  close(p.y, -2);
});

test('canonical landmarks follow dlib’s chip geometry: symmetric eyes above nose above mouth', () => {
  const c = canonicalLandmarks({ size: 150, padding: 0.25 });
  const [reo, rei, lei, leo, nose, mr, ml] = c as [Point, Point, Point, Point, Point, Point, Point];
  close(reo.x + leo.x, rei.x + lei.x, 1e-6);
  assert.ok(reo.y < nose.y && nose.y < mr.y);
  close(mr.y, ml.y);
  close(reo.x, ((0.25 + 0.121737) / 1.5) * 150, 1e-9);
});

test('alignFace puts the landmarks of a shifted, rotated face where the chip expects them', () => {
  // A synthetic 200×200 image: bright dots at the landmarks of a face rotated by 20°.
  const spec = { size: 150, padding: 0.25 };
  const canon = canonicalLandmarks(spec);
  const m = similarityTransform(canon, canon.map((p) => ({
    x: 0.8 * (Math.cos(0.35) * p.x - Math.sin(0.35) * p.y) + 40,
    y: 0.8 * (Math.sin(0.35) * p.x + Math.cos(0.35) * p.y) + 20,
  })));
  const pts = canon.map((p) => applyAffine(m, p));
  const width = 200, height = 200;
  const data = new Uint8Array(width * height * 3);
  for (const p of pts) {
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const o = ((Math.round(p.y) + dy) * width + Math.round(p.x) + dx) * 3;
      data[o] = data[o + 1] = data[o + 2] = 255;
    }
  }
  const lm = Object.fromEntries(landmarkNames.map((n, i) => [n, pts[i]!])) as unknown as FaceLandmarks;
  const chip = alignFace({ data, width, height }, lm, spec);
  for (const p of canon) {
    const o = (Math.round(p.y) * spec.size + Math.round(p.x)) * 3;
    assert.ok(chip.data[o]! > 100, `landmark at (${p.x.toFixed(1)}, ${p.y.toFixed(1)}) is bright in the chip`);
  }
});

test('warpAffine samples bilinearly and leaves outside black', () => {
  const img = { width: 2, height: 1, data: new Uint8Array([0, 0, 0, 200, 200, 200]) };
  const half: [number, number, number, number, number, number] = [1, 0, -0.5, 0, 1, 0]; // chip u ← image x = u + 0.5
  const out = warpAffine(img, half, 3);
  assert.equal(out[0], 100);
  assert.equal(out[3 * 3], 0, 'row 1 lies outside the image');
});

test('mirrorChip flips left and right and is its own inverse', () => {
  const chip = { size: 2, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) };
  assert.deepEqual([...mirrorChip(chip).data], [4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9]);
  assert.deepEqual(mirrorChip(mirrorChip(chip)).data, chip.data);
});
