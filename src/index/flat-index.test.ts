import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlatVectorIndex } from './flat-index.ts';
import { describeVectorIndexContract } from './index.contract.ts';
import { FaceLike } from '../testing/synthetic-vectors.ts';

describeVectorIndexContract('flat-f32 (main thread)', (dim) => new FlatVectorIndex({ dimension: dim, threads: 1 }), { exact: true });
// A threshold of 1 sends every scan to the worker threads.
describeVectorIndexContract('flat-f32 (2 workers)', (dim) => new FlatVectorIndex({ dimension: dim, threads: 2, parallelThreshold: 1 }), { exact: true });
// int8 scores differ from float32 by ~1e-3, so near-ties can swap: a recall bound, not exactness.
describeVectorIndexContract('flat-i8', (dim) => new FlatVectorIndex({ dimension: dim, quantised: true, threads: 1 }), { recallBound: 0.9 });
describeVectorIndexContract('flat-i8 (2 workers)', (dim) => new FlatVectorIndex({ dimension: dim, quantised: true, threads: 2, parallelThreshold: 1 }), { recallBound: 0.9 });

test('int8 scores stay within 0.01 of the float32 scores', async () => {
  const gen = new FaceLike({ dim: 128, seed: 3 });
  const f32 = new FlatVectorIndex({ dimension: 128, threads: 1 });
  const i8 = new FlatVectorIndex({ dimension: 128, quantised: true, threads: 1 });
  for (let i = 0; i < 300; i++) {
    const v = gen.sample(gen.identity(i));
    f32.add(`a${i}`, 'g', v);
    i8.add(`a${i}`, 'g', v);
  }
  const q = gen.sample(gen.identity(5));
  const exact = new Map((await f32.search(q, 300)).map((h) => [h.id, h.score]));
  for (const h of await i8.search(q, 300)) assert.ok(Math.abs(h.score - exact.get(h.id)!) < 0.01, `${h.id}: ${h.score} vs ${exact.get(h.id)}`);
  await f32.close();
  await i8.close();
});

for (const intrinsic of [128, 16]) test(`face-like synthetic data (intrinsic dimension ${intrinsic}) has genuine ≈ 0.7 and impostor ≈ 0.1 similarity`, async () => {
  const gen = new FaceLike({ dim: 128, seed: 1, intrinsic });
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  let genuine = 0;
  let impostor = 0;
  for (let i = 0; i < 50; i++) {
    const c = gen.identity(i);
    genuine += dot(gen.sample(c), gen.sample(c)) / 50;
    impostor += dot(gen.sample(c), gen.sample(gen.identity(i + 1000))) / 50;
  }
  assert.ok(genuine > 0.6 && genuine < 0.8, `genuine ${genuine}`);
  assert.ok(impostor > 0 && impostor < 0.3, `impostor ${impostor}`);
});
