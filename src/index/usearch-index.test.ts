import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeVectorIndexContract } from './index.contract.ts';
import { UsearchIndex } from './usearch-index.ts';
import { FaceLike } from '../testing/synthetic-vectors.ts';

// Small synthetic galleries: HNSW should find nearly everything; the bound is a floor, not the
// measured figure (see docs/index.md for recall at scale). The default (f32) runs in registry.test.ts.
describeVectorIndexContract('hnsw-usearch f16', (dim) => new UsearchIndex({ dimension: dim, quantization: 'f16' }), { recallBound: 0.95 });
describeVectorIndexContract('hnsw-usearch i8', (dim) => new UsearchIndex({ dimension: dim, quantization: 'i8' }), { recallBound: 0.9 });

test('a mated sample is found, and batch search equals single searches', async () => {
  const gen = new FaceLike({ dim: 64, seed: 9 });
  // A multi-threaded build is not deterministic; a search breadth of 64 keeps this far from chance misses.
  const index = new UsearchIndex({ dimension: 64, expansionSearch: 64, connectivity: 16, expansionAdd: 64 });
  const entries = [];
  for (let i = 0; i < 3000; i++) entries.push({ id: `x${i}`, gallery: 'g', vector: gen.sample(gen.identity(i >> 1)) });
  index.addMany(entries);
  assert.equal(index.size, 3000);
  const probe = gen.sample(gen.identity(77));
  const hits = await index.search(probe, 10);
  assert.equal(hits.length, 10);
  assert.ok(hits.some((h) => h.id === 'x154' || h.id === 'x155'), 'a mated sample is in the top 10');
  // Batch search on native threads answers like one search per query.
  const probes = [probe, gen.sample(gen.identity(5)), gen.sample(gen.identity(900))];
  const batch = await index.searchMany(probes, 10, undefined, 2);
  for (let i = 0; i < probes.length; i++) assert.deepEqual(batch[i], await index.search(probes[i]!, 10));
  await index.close();
});
