import { test } from 'node:test';
import assert from 'node:assert/strict';
import { downsampleTo64, jaroszWindowSize, lumaFromPixels, pdqDihedralFromLuma, pdqDihedralFromPixels, pdqFromLuma, pdqFromPixels, DIHEDRAL_NAMES } from './pdq-core.ts';

const f = Math.fround;

// Straightforward per-row and per-column running means, exactly as the algorithm describes them;
// the optimised downsampleTo64 must agree bit for bit.
function box(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  let li = start, ri = start, oi = start, sum = 0, size = 0;
  for (let i = 0; i < half - 1; i++, ri += stride) { sum = f(sum + input[ri]!); size++; }
  for (let i = 0; i < window - half + 1; i++, ri += stride, oi += stride) { sum = f(sum + input[ri]!); size++; output[oi] = f(sum / size); }
  for (let i = 0; i < length - window; i++, li += stride, ri += stride, oi += stride) {
    sum = f(sum + input[ri]!); sum = f(sum - input[li]!); output[oi] = f(sum / size);
  }
  for (let i = 0; i < half - 1; i++, li += stride, oi += stride) { sum = f(sum - input[li]!); size--; output[oi] = f(sum / size); }
}

function naiveDownsample(luma: Float32Array, w: number, h: number): Float32Array {
  const a = Float32Array.from(luma);
  const b = new Float32Array(w * h);
  const wr = jaroszWindowSize(w, 64);
  const wc = jaroszWindowSize(h, 64);
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < h; r++) box(a, b, r * w, w, 1, wr);
    for (let c = 0; c < w; c++) box(b, a, c, h, w, wc);
  }
  const out = new Float32Array(4096);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 64; j++) out[i * 64 + j] = a[Math.trunc(((i + 0.5) * h) / 64) * w + Math.trunc(((j + 0.5) * w) / 64)]!;
  return out;
}

test('the optimised tent filter equals the plain per-row/per-column filter bit for bit', () => {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 255;
  for (const [w, h] of [[5, 7], [34, 42], [63, 65], [128, 128], [250, 250], [300, 517], [1080, 100], [512, 384]] as const) {
    const rgb = Uint8Array.from({ length: w * h * 3 }, rand);
    const { luma } = lumaFromPixels(rgb, w, h, 3, { prescale: false });
    const expected = naiveDownsample(luma, w, h);
    const got = downsampleTo64(Float32Array.from(luma), new Float32Array(w * h), w, h);
    const diff = got.findIndex((v, i) => !Object.is(v, expected[i]));
    assert.equal(diff, -1, `${w}x${h}: first difference at ${diff}`);
  }
});

test('luma uses float32 arithmetic in the reference order, grey input passes through', () => {
  const { luma } = lumaFromPixels(Uint8Array.from([255, 128, 1]), 1, 1, 3);
  assert.equal(luma[0], f(f(f(f(0.299) * 255) + f(f(0.587) * 128)) + f(f(0.114) * 1)));
  assert.equal(lumaFromPixels(Uint8Array.from([77, 9]), 1, 1, 2).luma[0], 77);
});

test('images over 512 pixels are resampled to 512×512 by nearest neighbour (rounding down)', () => {
  const w = 1024, h = 600;
  const grey = Uint8Array.from({ length: w * h }, (_, i) => (i % w) % 256);
  const p = lumaFromPixels(grey, w, h, 1);
  assert.deepEqual([p.width, p.height], [512, 512]);
  assert.equal(p.luma[3], (Math.trunc((3 * 1024) / 512)) % 256);
  assert.equal(lumaFromPixels(grey, w, h, 1, { prescale: false }).width, 1024);
});

test('hashing straight from pixels (luma one row at a time, reused buffers) equals hashing the luma plane', () => {
  let seed = 777;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 255;
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  for (const [w, h, channels, prescale] of [[250, 250, 3, true], [64, 64, 3, true], [5, 9, 1, true], [700, 300, 4, true], [700, 300, 3, false], [33, 517, 2, true], [120, 80, 3, true]] as const) {
    // Smooth gradients plus noise, so that the hash has structure and every bit is decided by the filter.
    const px = Uint8Array.from({ length: w * h * channels }, (_, i) => ((((i / channels) | 0) % w) + rand()) & 255);
    const plane = lumaFromPixels(px, w, h, channels, { prescale });
    const viaPlane = pdqFromLuma(plane.luma, plane.width, plane.height);
    const direct = pdqFromPixels(px, w, h, channels, { prescale });
    assert.equal(hex(direct.bits), hex(viaPlane.bits), `${w}x${h}x${channels}`);
    assert.equal(direct.quality, viaPlane.quality);
    const plane2 = lumaFromPixels(px, w, h, channels, { prescale });
    const d1 = pdqDihedralFromLuma(plane2.luma, plane2.width, plane2.height);
    const d2 = pdqDihedralFromPixels(px, w, h, channels, { prescale });
    for (const n of DIHEDRAL_NAMES) assert.equal(hex(d2.hashes[n]), hex(d1.hashes[n]), `${w}x${h} ${n}`);
  }
});
