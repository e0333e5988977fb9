import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isAbgError } from '../domain/errors.ts';
import { FlatVectorIndex } from './flat-index.ts';
import { HammingIndex } from './hash-index.ts';
import { loadIndex } from './load.ts';
import { MemoryChangeFeed } from './memory-feed.ts';
import { PersistentIndex } from './persistent-index.ts';
import { FaceLike, randomHashes } from '../testing/synthetic-vectors.ts';
import { formatHash } from './hash-input.ts';
import type { IndexLogger } from './types.ts';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'abg-persist-'));
  const warnings: string[] = [];
  const logger: IndexLogger = { warn: (_o, msg) => warnings.push(msg), info: () => {} };
  const gen = new FaceLike({ dim: 16, seed: 2 });
  const vec = (i: number) => gen.sample(gen.identity(i));
  const feed = new MemoryChangeFeed<ArrayLike<number>>();
  const file = join(dir, 'face.snap');
  const open = () => PersistentIndex.open({ file, feed, logger, create: () => new FlatVectorIndex({ dimension: 16, threads: 1 }) });
  return { dir, warnings, feed, vec, file, open, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a fresh open builds the index from the whole feed', async () => {
  const s = setup();
  for (let i = 0; i < 20; i++) s.feed.commit('add', `s${i}`, 'g', s.vec(i));
  s.feed.commit('remove', 's3', 'g');
  const p = await s.open();
  assert.equal(p.seq, 21);
  assert.equal(p.index.size, 19);
  assert.equal(p.index.has('s3'), false);
  assert.deepEqual(s.warnings, []);
  s.done();
});

test('after a crash between store commit and index update, reopening catches up (adds and deletes)', async () => {
  const s = setup();
  for (let i = 0; i < 10; i++) s.feed.commit('add', `s${i}`, 'g', s.vec(i));
  const p = await s.open();
  await p.checkpoint();
  // Committed in the store, never applied to the index: the process "crashed".
  s.feed.commit('add', 'late', 'g', s.vec(100));
  s.feed.commit('remove', 's0', 'g');
  s.feed.commit('add', 's5', 'g2', s.vec(55)); // re-enrolled into another gallery
  const q = await s.open();
  assert.equal(q.seq, 13);
  assert.equal(q.index.has('late'), true);
  assert.equal(q.index.has('s0'), false, 'must never point at a deleted sample');
  const top = (await q.index.search(s.vec(0), 10)).map((h) => h.id);
  assert.ok(!top.includes('s0'));
  const s5 = (await q.index.search(s.vec(55), 1))[0]!;
  assert.deepEqual([s5.id, s5.gallery], ['s5', 'g2']);
  // The snapshot itself still says 10; the replay did the rest.
  assert.equal((await loadIndex(s.file)).seq, 10);
  s.done();
});

test('catchUp applies only new changes, in order, and is idempotent', async () => {
  const s = setup();
  const p = await s.open();
  s.feed.commit('add', 'a', 'g', s.vec(1));
  s.feed.commit('remove', 'a', 'g');
  s.feed.commit('add', 'b', 'g', s.vec(2));
  assert.equal(await p.catchUp(), 3);
  assert.equal(await p.catchUp(), 0);
  assert.deepEqual([p.index.has('a'), p.index.has('b'), p.seq], [false, true, 3]);
  s.done();
});

test('a corrupt or truncated snapshot is detected by checksum, logged, and rebuilt from the feed', async () => {
  for (const damage of ['flip', 'truncate', 'garbage'] as const) {
    const s = setup();
    for (let i = 0; i < 30; i++) s.feed.commit('add', `s${i}`, 'g', s.vec(i));
    const p = await s.open();
    await p.checkpoint();
    if (damage === 'flip') {
      const bytes = readFileSync(s.file);
      bytes[bytes.length - 100] ^= 0x01;
      writeFileSync(s.file, bytes);
    } else if (damage === 'truncate') truncateSync(s.file, readFileSync(s.file).length - 7);
    else writeFileSync(s.file, 'not a snapshot at all');
    await assert.rejects(loadIndex(s.file), (e) => isAbgError(e) && e.code === 'ABG_ERR_SNAPSHOT_CORRUPT');
    const q = await s.open();
    assert.equal(s.warnings.length, 1, damage);
    assert.match(s.warnings[0]!, /corrupt/);
    assert.equal(q.index.size, 30);
    assert.equal(q.seq, 30);
    s.done();
  }
});

test('a snapshot of another configuration is rebuilt, with a warning', async () => {
  const s = setup();
  s.feed.commit('add', 'a', 'g', s.vec(1));
  const p = await s.open();
  await p.checkpoint();
  const other = await PersistentIndex.open({
    file: s.file, feed: s.feed, logger: { warn: (_o, m) => s.warnings.push(m), info: () => {} },
    create: () => new FlatVectorIndex({ dimension: 16, quantised: true, threads: 1 }),
  });
  assert.equal(other.index.kind, 'flat-i8');
  assert.equal(other.index.size, 1);
  assert.match(s.warnings[0]!, /another configuration/);
  s.done();
});

test('a snapshot ahead of the store (another database, or one restored from an older backup) is rebuilt from the store, with a warning', async () => {
  const s = setup();
  for (let i = 0; i < 5; i++) s.feed.commit('add', `s${i}`, 'g', s.vec(i));
  await (await s.open()).checkpoint();
  const restored = new MemoryChangeFeed<ArrayLike<number>>();
  restored.commit('add', 's0', 'g', s.vec(0));
  restored.commit('add', 'other', 'g', s.vec(9));
  const q = await PersistentIndex.open({ file: s.file, feed: restored, logger: { warn: (_o, m) => s.warnings.push(m), info: () => {} }, create: () => new FlatVectorIndex({ dimension: 16, threads: 1 }) });
  assert.match(s.warnings[0]!, /ahead of the store/);
  assert.deepEqual([q.seq, q.index.size, q.index.has('s3'), q.index.has('other')], [2, 2, false, true]);
  s.done();
});

test('a sealed snapshot is loaded under its key; under another key, or tampered, it is discarded with a warning and rebuilt from the feed', async () => {
  const s = setup();
  for (let i = 0; i < 12; i++) s.feed.commit('add', `s${i}`, 'g', s.vec(i));
  const key = { key: randomBytes(32), id: 'snap-a' };
  const open = (k: typeof key) => PersistentIndex.open({ file: s.file, feed: s.feed, logger: { warn: (_o, m) => s.warnings.push(m), info: () => {} }, create: () => new FlatVectorIndex({ dimension: 16, threads: 1 }), key: k });
  const p = await open(key);
  await p.checkpoint();
  s.feed.commit('remove', 's4', 'g');
  const again = await open(key);
  assert.deepEqual([again.index.size, again.index.has('s4'), s.warnings], [11, false, []]);
  await again.checkpoint();
  const other = await open({ key: randomBytes(32), id: 'snap-b' });
  assert.deepEqual([other.index.size, other.index.has('s4'), other.seq], [11, false, 13]);
  assert.match(s.warnings[0]!, /not readable with this key/);
  const bytes = readFileSync(s.file);
  bytes[bytes.length - 3]! ^= 0x10;
  writeFileSync(s.file, bytes);
  const tampered = await open(key);
  assert.equal(tampered.index.size, 11);
  assert.equal(s.warnings.length, 2);
  s.done();
});

test('an unindexable change is skipped with a warning instead of blocking later ones', async () => {
  const s = setup();
  s.feed.commit('add', 'bad', 'g', new Float32Array(3));
  s.feed.commit('add', 'good', 'g', s.vec(1));
  const p = await s.open();
  assert.deepEqual([p.index.has('bad'), p.index.has('good'), p.seq], [false, true, 2]);
  assert.match(s.warnings[0]!, /skipped/);
  s.done();
});

test('hash indexes persist the same way', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-persist-'));
  const feed = new MemoryChangeFeed<string>();
  const hashes = randomHashes(50, 3);
  for (let i = 0; i < 50; i++) feed.commit('add', `m${i}`, 'seized', formatHash(hashes, i * 8));
  const logger: IndexLogger = { warn: () => {}, info: () => {} };
  const file = join(dir, 'pdq.snap');
  const open = () => PersistentIndex.open({ file, feed, logger, create: () => new HammingIndex({ mode: 'mih', mihMinSize: 10 }) });
  await (await open()).checkpoint();
  feed.commit('remove', 'm7', 'seized');
  const p = await open();
  assert.equal(p.index.size, 49);
  assert.deepEqual(await p.index.searchRadius(formatHash(hashes, 7 * 8), 0), []);
  assert.equal((await p.index.searchRadius(formatHash(hashes, 8 * 8), 0))[0]!.id, 'm8');
  rmSync(dir, { recursive: true, force: true });
});
