import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExactVectorIndex } from './exact-index.ts';
import { FlatVectorIndex } from './flat-index.ts';
import { describeVectorIndexContract } from './index.contract.ts';
import { FaceLike } from '../testing/synthetic-vectors.ts';

// Thresholds of 1 put every gallery on the int8 kernel and send every scan to the workers.
describeVectorIndexContract('exact (int8 kernel, main thread)', (dim) => new ExactVectorIndex({ dimension: dim, threads: 1, compactThreshold: 1 }), { exact: true, identical: true });
describeVectorIndexContract('exact (int8 kernel, 2 workers)', (dim) => new ExactVectorIndex({ dimension: dim, threads: 2, compactThreshold: 1, parallelThreshold: 1 }), { exact: true, identical: true });
describeVectorIndexContract('exact (float32 only)', (dim) => new ExactVectorIndex({ dimension: dim, threads: 1, compactThreshold: Infinity }), { exact: true, identical: true });

test('128-d face-like galleries: the exact index returns the float32 flat index\'s answers, scores bit for bit', async () => {
  const gen = new FaceLike({ dim: 128, seed: 5 });
  const exact = new ExactVectorIndex({ dimension: 128, threads: 2, compactThreshold: 1, parallelThreshold: 1 });
  const flat = new FlatVectorIndex({ dimension: 128, threads: 1 });
  const entries = Array.from({ length: 4000 }, (_, i) => ({ id: `r${i}`, gallery: `g${i % 2}`, vector: gen.sample(gen.identity(i % 1500)) }));
  exact.addMany(entries);
  flat.addMany(entries);
  for (let p = 0; p < 20; p++) {
    const q = gen.sample(gen.identity(p * 67));
    assert.deepEqual(await exact.search(q, 10), await flat.search(q, 10));
    assert.deepEqual(await exact.search(q, 5, ['g1']), await flat.search(q, 5, ['g1']));
  }
  await exact.close();
  await flat.close();
});
