// A gallery's HNSW graph keeps a snapshot: the next open loads it and catches up from the store's
// feed instead of building; a corrupt, truncated or differently built snapshot is rebuilt with a
// warning; efSearch, a search-time setting, changes without a rebuild. Real files, real usearch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ExactVectorIndex } from './exact-index.ts';
import { GalleryHnsw, type HnswSetting } from './gallery-hnsw.ts';
import { MemoryChangeFeed } from './memory-feed.ts';
import { PersistentIndex } from './persistent-index.ts';
import type { IndexLogger, VectorIndex } from './types.ts';
import { UsearchIndex } from './usearch-index.ts';
import { gaussian, rng } from '../testing/synthetic-vectors.ts';

const DIM = 64;
const N = 3000;

/** A gallery 'g' of random Gaussian vectors (the hard case for a graph) and a small other gallery. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'abg-gallery-hnsw-'));
  const warnings: string[] = [];
  const logger: IndexLogger = { warn: (_o, msg) => warnings.push(msg), info: () => {} };
  const g = gaussian(rng(31));
  const vec = () => Float32Array.from({ length: DIM }, g);
  const feed = new MemoryChangeFeed<ArrayLike<number>>();
  for (let i = 0; i < N; i++) feed.commit('add', `v${i}`, 'g', vec());
  for (let i = 0; i < 20; i++) feed.commit('add', `o${i}`, 'other', vec());
  const model = await PersistentIndex.open<VectorIndex>({ file: join(dir, 'face-m.snap'), feed, logger, create: () => new ExactVectorIndex({ dimension: DIM, threads: 0 }) });
  const file = join(dir, 'face-m@g.hnsw.snap');
  const open = (setting: Partial<HnswSetting> = {}) =>
    GalleryHnsw.open({ setting: { kind: 'hnsw', M: 8, efConstruction: 32, ...setting }, galleryId: 'g', dimension: DIM, feed, logger, sample: 100, file });
  const done = async () => {
    await model.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { warnings, feed, vec, model, file, open, done };
}

/** Runs `fn` on a fresh set-up and removes it afterwards, whatever happens. */
async function withSetup(fn: (s: Awaited<ReturnType<typeof setup>>) => Promise<void>): Promise<void> {
  const s = await setup();
  try {
    await fn(s);
  } finally {
    await s.done();
  }
}

test('a graph written to its snapshot is loaded on the next open and caught up from the feed, without a build; recall is measured on probes drawn afresh', () => withSetup(async (s) => {
  const built = await s.open();
  assert.equal(built.restored, false);
  assert.equal(built.index.index.size, N, 'only the gallery\'s own templates');
  await built.checkpoint();
  await built.retire();

  // Changes committed after the snapshot: the open replays them.
  s.feed.commit('add', 'late', 'g', s.vec());
  s.feed.commit('remove', 'v5', 'g');
  const again = await s.open();
  assert.equal(again.restored, true);
  assert.deepEqual(s.warnings, []);
  assert.equal(again.index.index.has('late'), true);
  assert.equal(again.index.index.has('v5'), false, 'a removed template never comes back');
  assert.equal(again.index.index.size, N);
  // Only one template passed by since the snapshot; the probes are drawn from the model's index.
  assert.equal((await again.recallAtK(s.model.index, 10)).sample, 1);
  await again.drawProbes(s.model);
  const { recallAtK, sample } = await again.recallAtK(s.model.index, 10);
  assert.equal(sample, 100);
  assert.ok(recallAtK > 0.5 && recallAtK <= 1, String(recallAtK));
  await again.retire();
}));

test('with an approximate model index, recall probes are drawn from the gallery\'s own part of the feed, without removed templates', () => withSetup(async (s) => {
  const logger: IndexLogger = { warn: (_o, msg) => s.warnings.push(msg), info: () => {} };
  const dir = dirname(s.file);
  const approximate = await PersistentIndex.open<VectorIndex>({ file: join(dir, 'face-a.snap'), feed: s.feed, logger, create: () => new UsearchIndex({ dimension: DIM }) });
  try {
    s.feed.commit('remove', 'o3', 'other');
    const other = await GalleryHnsw.open({ setting: { kind: 'hnsw', M: 8, efConstruction: 32 }, galleryId: 'other', dimension: DIM, feed: s.feed, logger, sample: 100, file: join(dir, 'face-a@other.hnsw.snap') });
    await other.drawProbes(approximate);
    // 'other' holds 20 templates, one of them removed: 19 probes, none of gallery 'g' (3,000 templates).
    const { recallAtK, sample } = await other.recallAtK(s.model.index, 5);
    assert.equal(sample, 19);
    assert.ok(recallAtK > 0.9 && recallAtK <= 1, String(recallAtK));
    await other.retire();
  } finally {
    await approximate.close();
  }
  assert.deepEqual(s.warnings, []);
}));

test('a corrupt, truncated or differently built snapshot is rebuilt from the feed with a warning', () => withSetup(async (s) => {
  const first = await s.open();
  await first.checkpoint();
  await first.retire();
  const good = readFileSync(s.file);
  const flipped = Buffer.from(good);
  flipped[Math.floor(flipped.length / 2)]! ^= 0x40;
  const cases: [string, () => void, Partial<HnswSetting>, RegExp][] = [
    ['a flipped byte', () => writeFileSync(s.file, flipped), {}, /corrupt/],
    ['a truncated file', () => (writeFileSync(s.file, good), truncateSync(s.file, good.length - 100)), {}, /corrupt/],
    ['another M', () => writeFileSync(s.file, good), { M: 12 }, /another configuration/],
    ['another efConstruction', () => writeFileSync(s.file, good), { efConstruction: 64 }, /another configuration/],
  ];
  for (const [what, damage, setting, warning] of cases) {
    s.warnings.length = 0;
    damage();
    const graph = await s.open(setting);
    assert.equal(graph.restored, false, what);
    assert.equal(s.warnings.length, 1, `${what}: ${s.warnings.join('; ')}`);
    assert.match(s.warnings[0]!, warning, what);
    assert.equal(graph.index.index.size, N, what);
    assert.equal((await graph.search(s.vec(), 10)).length, 10, what);
    await graph.retire();
  }
}));

test('a snapshot ahead of the store (of another database, or the store restored from an older backup) is rebuilt with a warning', () => withSetup(async (s) => {
  const first = await s.open();
  await first.checkpoint();
  await first.retire();
  // The store as it was before the last 500 of the gallery's templates were enrolled.
  const older = new MemoryChangeFeed<ArrayLike<number>>();
  for (const c of s.feed.changes.slice(0, N - 500)) older.commit(c.op, c.id, c.gallery, c.value);
  const graph = await GalleryHnsw.open({ setting: { kind: 'hnsw', M: 8, efConstruction: 32 }, galleryId: 'g', dimension: DIM, feed: older, logger: { warn: (_o, m) => s.warnings.push(m), info: () => {} }, sample: 100, file: s.file });
  assert.equal(graph.restored, false);
  assert.match(s.warnings.join('; '), /ahead of the store/);
  assert.equal(graph.index.index.size, N - 500);
  assert.equal(graph.index.index.has(`v${N - 1}`), false, 'a template the store does not hold is not searched');
  await graph.retire();
}));

test('efSearch alone changed: the snapshot is loaded, and the wider search finds more of the exact top 10', () => withSetup(async (s) => {
  const narrow = await s.open({ efSearch: 8 });
  await narrow.checkpoint();
  await narrow.drawProbes(s.model);
  const r8 = (await narrow.recallAtK(s.model.index, 10)).recallAtK;
  await narrow.retire();

  const wide = await s.open({ efSearch: 256 });
  assert.equal(wide.restored, true);
  assert.equal((wide.index.index as UsearchIndex).settings.expansionSearch, 256);
  await wide.drawProbes(s.model);
  const r256 = (await wide.recallAtK(s.model.index, 10)).recallAtK;
  // The probes are the gallery's own templates (each its own nearest), so even ef 8 finds some.
  assert.ok(r8 < 0.85 && r256 > r8 + 0.15, `ef 8: ${r8}, ef 256: ${r256}`);
  await wide.retire();
}));
