import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactVectorIndex } from './exact-index.ts';
import { describeVectorIndexContract } from './index.contract.ts';
import { loadIndex } from './load.ts';
import type { VectorIndex } from './types.ts';
import { UsearchIndex } from './usearch-index.ts';
import { FaceLike, gaussian, rng } from '../testing/synthetic-vectors.ts';

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

/** Random Gaussian vectors: no structure for the graph to exploit, so a narrow search misses (the hard case). */
function gaussianRows(n: number, dim: number, seed: number): Float32Array[] {
  const g = gaussian(rng(seed));
  return Array.from({ length: n }, () => Float32Array.from({ length: dim }, g));
}

async function recallAt10(index: VectorIndex, exact: VectorIndex, probes: Float32Array[]): Promise<number> {
  let sum = 0;
  for (const q of probes) {
    const want = new Set((await exact.search(q, 10)).map((h) => h.id));
    sum += (await index.search(q, 10)).filter((h) => want.has(h.id)).length / 10;
  }
  return sum / probes.length;
}

test('a larger expansionSearch finds more of the true top 10 on a hard dataset, set at construction or when a snapshot is loaded', async () => {
  const dim = 64;
  const rows = gaussianRows(4000, dim, 23);
  const probes = gaussianRows(100, dim, 24);
  const exact = new ExactVectorIndex({ dimension: dim, threads: 0 });
  // A sparse graph (M 8, expansion_add 32) added one by one on one thread: the same graph every run.
  const built = (expansionSearch: number) => {
    const index = new UsearchIndex({ dimension: dim, connectivity: 8, expansionAdd: 32, expansionSearch, threads: 1 });
    rows.forEach((v, i) => index.add(`r${i}`, 'g', v));
    return index;
  };
  rows.forEach((v, i) => exact.add(`r${i}`, 'g', v));
  const narrow = built(8);
  const wide = built(256);
  const r8 = await recallAt10(narrow, exact, probes);
  const r256 = await recallAt10(wide, exact, probes);
  assert.ok(r8 < 0.6, `ef 8 should miss on random vectors (recall ${r8})`);
  assert.ok(r256 > r8 + 0.3, `ef 256 ${r256} against ef 8 ${r8}`);

  // A snapshot keeps the graph; the search breadth is the loader's choice, else the saved one.
  const dir = mkdtempSync(join(tmpdir(), 'abg-usearch-ef-'));
  try {
    const file = join(dir, 'narrow.snap');
    await narrow.save(file);
    const asSaved = (await loadIndex(file)).index as VectorIndex;
    const widened = (await loadIndex(file, undefined, { efSearch: 256 })).index as VectorIndex;
    assert.equal(await recallAt10(asSaved, exact, probes), r8);
    const rLoaded = await recallAt10(widened, exact, probes);
    assert.ok(rLoaded > r8 + 0.3, `loaded with ef 256: ${rLoaded} against ef 8 ${r8}`);
    await Promise.all([asSaved.close(), widened.close()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await Promise.all([narrow.close(), wide.close(), exact.close()]);
});
