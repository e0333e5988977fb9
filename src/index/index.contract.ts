// One contract suite per index interface, run from each implementation's test file: the same
// answers as brute force where the index is exact, recall within the declared bound where it is
// approximate, deletes, filters, save/load round trip and bad input.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import { dotF32 } from './flat-kernels.ts';
import { formatHash, hamming } from './hash-input.ts';
import { loadIndex } from './load.ts';
import { FaceLike, flipBits, randomHashes, rng } from '../testing/synthetic-vectors.ts';
import type { VectorIndexAccuracy } from './registry.ts';
import { isVectorSource, type HashHit, type HashIndex, type VectorHit, type VectorIndex, type VectorSource } from './types.ts';
import { toUnitVector } from './vector-input.ts';

export type VectorContract = VectorIndexAccuracy;

const DIM = 32;
const GALLERIES = ['g1', 'g2', 'g3'];

function throwsCode(code: ErrorCode) {
  return (e: unknown) => isAbgError(e) && e.code === code;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'abg-contract-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `index` saved to a snapshot file and loaded back, checked to have the same kind and size. */
async function reloaded(index: VectorIndex | HashIndex, file: string) {
  await index.save(file);
  const { index: loaded } = await loadIndex(file);
  assert.equal(loaded.kind, index.kind);
  assert.equal(loaded.size, index.size);
  return loaded;
}

interface Row { id: string; gallery: string; v: Float32Array }

/** 600 identities × 3 samples over three galleries, plus 20 probes of known identities. */
function vectorData(): { rows: Row[]; probes: Float32Array[] } {
  const gen = new FaceLike({ dim: DIM, seed: 7 });
  const rows: Row[] = [];
  const probes: Float32Array[] = [];
  for (let i = 0; i < 600; i++) {
    const c = gen.identity(i);
    for (let s = 0; s < 3; s++) rows.push({ id: `s${i}-${s}`, gallery: GALLERIES[i % 3]!, v: gen.sample(c) });
    if (i % 30 === 0) probes.push(gen.sample(c));
  }
  return { rows, probes };
}

function unit(v: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  return Float64Array.from(v, (x) => x / Math.sqrt(n));
}

function bruteVector(rows: Row[], q: Float32Array, k: number, galleries?: Set<string>): VectorHit[] {
  const qu = unit(q);
  return rows
    .filter((r) => !galleries || galleries.has(r.gallery))
    .map((r) => {
      const u = unit(r.v);
      let s = 0;
      for (let i = 0; i < u.length; i++) s += u[i]! * qu[i]!;
      return { id: r.id, gallery: r.gallery, score: s };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

/** Exact: same entries in the same order, except where neighbouring scores tie within 1e-5. */
function assertSameAsBrute(got: VectorHit[], want: VectorHit[], tol = 1e-5): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.ok(Math.abs(got[i]!.score - want[i]!.score) < tol, `rank ${i}: score ${got[i]!.score} vs ${want[i]!.score}`);
    if (got[i]!.id !== want[i]!.id) {
      const tie = want.some((w) => w.id === got[i]!.id && Math.abs(w.score - want[i]!.score) < tol);
      assert.ok(tie, `rank ${i}: ${got[i]!.id} instead of ${want[i]!.id}`);
    }
    assert.equal(got[i]!.gallery, want.find((w) => w.id === got[i]!.id)?.gallery ?? got[i]!.gallery);
  }
}

/** The float32 scan's answer: float32 unit vectors, float32 scores, equal scores in id order. */
function f32Reference(rows: Row[], q: Float32Array, k: number, galleries?: readonly string[]): VectorHit[] {
  const qu = toUnitVector(q, q.length);
  return rows
    .filter((r) => !galleries || galleries.includes(r.gallery))
    .map((r) => ({ id: r.id, gallery: r.gallery, score: dotF32(toUnitVector(r.v, r.v.length), 0, qu, qu.length) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

/**
 * Rows that make ranking hard: a gallery large enough for compact scanning, exact duplicates
 * (within and across galleries), near-duplicates a thousandth of int8 resolution apart, and a
 * gallery of one vector repeated, where every row ties and the k-th place is decided by id.
 */
function tieData(): { rows: Row[]; probes: Float32Array[] } {
  const gen = new FaceLike({ dim: DIM, seed: 21 });
  const rows: Row[] = [];
  for (let i = 0; i < 1500; i++) rows.push({ id: `b${i}`, gallery: 'big', v: gen.sample(gen.identity(i % 500)) });
  for (let i = 0; i < 200; i++) rows.push({ id: `d${i}`, gallery: i % 2 ? 'big' : 'g1', v: rows[i * 7]!.v });
  for (let i = 0; i < 200; i++) {
    const v = Float32Array.from(rows[i * 5]!.v);
    v[i % DIM] = v[i % DIM]! + 1e-5;
    rows.push({ id: `n${i}`, gallery: 'big', v });
  }
  const same = gen.sample(gen.identity(9999));
  for (let i = 0; i < 3000; i++) rows.push({ id: `t${3000 - i}`, gallery: 'same', v: same });
  const probes = [same, rows[7]!.v, rows[5]!.v, rows[1600]!.v, ...Array.from({ length: 6 }, (_, i) => gen.sample(gen.identity(i * 31)))];
  return { rows, probes };
}

function recall(got: VectorHit[], want: VectorHit[]): number {
  const ids = new Set(want.map((w) => w.id));
  return got.filter((g) => ids.has(g.id)).length / Math.max(1, want.length);
}

function keepsVectors(factory: (dim: number) => VectorIndex): boolean {
  const index = factory(DIM);
  void index.close();
  return isVectorSource(index);
}

export function describeVectorIndexContract(name: string, factory: (dim: number) => VectorIndex, contract: VectorContract): void {
  const check = async (index: VectorIndex, rows: Row[], probes: Float32Array[], k: number, filter?: string[]) => {
    let sum = 0;
    for (const q of probes) {
      const want = bruteVector(rows, q, k, filter ? new Set(filter) : undefined);
      const got = await index.search(q, k, filter);
      assert.ok(got.length <= k);
      if (filter) assert.ok(got.every((h) => filter.includes(h.gallery)), 'a hit from outside the filter');
      for (let i = 1; i < got.length; i++) assert.ok(got[i - 1]!.score >= got[i]!.score, 'not sorted by score');
      if ('exact' in contract) assertSameAsBrute(got, want);
      sum += recall(got, want);
    }
    const r = sum / probes.length;
    if ('recallBound' in contract) assert.ok(r >= contract.recallBound, `recall@${k} ${r.toFixed(3)} below the declared ${contract.recallBound}`);
    return r;
  };

  describe(`VectorIndex contract: ${name}`, () => {
    const { rows, probes } = vectorData();

    test('an empty index answers nothing', async () => {
      const index = factory(DIM);
      assert.equal(index.size, 0);
      assert.deepEqual(await index.search(probes[0]!, 5), []);
      await index.close();
    });

    test('answers like brute force (or within the declared recall), best first', async () => {
      const index = factory(DIM);
      index.addMany(rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      assert.equal(index.size, rows.length);
      await check(index, rows, probes, 10);
      await check(index, rows, probes, 1);
      // A stored vector finds itself first, with similarity 1.
      const self = await index.search(rows[123]!.v, 1);
      assert.equal(self[0]!.id, rows[123]!.id);
      assert.ok(Math.abs(self[0]!.score - 1) < 1e-2);
      await index.close();
    });

    if ('identical' in contract) test('answers are identical to the float32 scan: scores, order, ties at the k-th place in id order, gallery filters', async () => {
      const tie = tieData();
      const index = factory(DIM);
      index.addMany(tie.rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      let compared = 0;
      for (const q of tie.probes) {
        for (const k of [1, 10, 60]) {
          for (const filter of [undefined, ['big'], ['g1', 'same'], ['same'], ['big', 'g1']]) {
            assert.deepEqual(await index.search(q, k, filter), f32Reference(tie.rows, q, k, filter), `k=${k} filter=${filter}`);
            compared++;
          }
        }
      }
      // After removals (rows move into the holes) the answers stay identical.
      const gone = new Set(tie.rows.filter((_, i) => i % 3 === 0).map((r) => r.id));
      for (const id of gone) index.remove(id);
      const kept = tie.rows.filter((r) => !gone.has(r.id));
      for (const q of tie.probes) assert.deepEqual(await index.search(q, 10, ['big', 'same']), f32Reference(kept, q, 10, ['big', 'same']));
      assert.equal(compared, tie.probes.length * 15);
      await index.close();
    });

    test('single adds equal a batch add; k larger than the gallery returns everything', async () => {
      const index = factory(DIM);
      const few = rows.slice(0, 7);
      for (const r of few) index.add(r.id, r.gallery, r.v);
      const got = await index.search(probes[0]!, 50);
      assert.equal(got.length, 7);
      assert.deepEqual(new Set(got.map((h) => h.id)), new Set(few.map((r) => r.id)));
      await index.close();
    });

    test('removed entries are never returned; re-adding and replacing work', async () => {
      const index = factory(DIM);
      index.addMany(rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      const removed = rows.filter((_, i) => i % 4 === 0);
      for (const r of removed) assert.equal(index.remove(r.id), true);
      assert.equal(index.remove(removed[0]!.id), false);
      assert.equal(index.has(removed[0]!.id), false);
      assert.equal(index.size, rows.length - removed.length);
      const kept = rows.filter((_, i) => i % 4 !== 0);
      const gone = new Set(removed.map((r) => r.id));
      for (const q of probes) assert.ok((await index.search(q, 10)).every((h) => !gone.has(h.id)), 'a removed entry came back');
      await check(index, kept, probes, 10);
      // Searching for a removed vector itself must not find it.
      assert.ok((await index.search(removed[3]!.v, 5)).every((h) => h.id !== removed[3]!.id));
      // Re-add under the same id; replace another id's vector (size unchanged).
      index.add(removed[3]!.id, removed[3]!.gallery, removed[3]!.v);
      assert.equal((await index.search(removed[3]!.v, 1))[0]!.id, removed[3]!.id);
      // Entries added into recycled space can be removed again, and others stay intact.
      for (const r of removed.slice(10, 30)) index.add(r.id, r.gallery, r.v);
      for (const r of removed.slice(10, 30)) assert.equal(index.remove(r.id), true);
      assert.ok((await index.search(removed[12]!.v, 5)).every((h) => h.id !== removed[12]!.id));
      assert.equal((await index.search(kept[40]!.v, 1))[0]!.id, kept[40]!.id);
      index.add(kept[0]!.id, 'g9', removed[5]!.v);
      assert.equal(index.size, kept.length + 1);
      const top = (await index.search(removed[5]!.v, 1))[0]!;
      assert.deepEqual([top.id, top.gallery], [kept[0]!.id, 'g9']);
      await index.close();
    });

    test('an index that keeps its vectors hands back exactly the entries of a gallery', { skip: keepsVectors(factory) ? false : 'this index does not keep its vectors (not a VectorSource)' }, async () => {
      const index = factory(DIM) as VectorIndex & VectorSource;
      index.addMany(rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      const g2 = rows.filter((r) => r.gallery === 'g2');
      index.remove(g2[0]!.id);
      const got = [...index.entriesOf('g2')];
      assert.ok(got.every((e) => e.gallery === 'g2'));
      const byId = new Map(got.map((e) => [e.id, Float32Array.from(e.vector)]));
      assert.deepEqual(new Set(byId.keys()), new Set(g2.slice(1).map((r) => r.id)));
      for (const r of g2.slice(1)) assert.ok(dotF32(byId.get(r.id)!, 0, toUnitVector(r.v, DIM), DIM) > 0.9999, `entry ${r.id} comes back as it was added`);
      assert.deepEqual([...index.entriesOf('nope')], []);
      await index.close();
    });

    test('a gallery filter returns only those galleries, answering like brute force over them', async () => {
      const index = factory(DIM);
      index.addMany(rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      await check(index, rows, probes, 10, ['g2']);
      await check(index, rows, probes, 10, ['g1', 'g3']);
      assert.deepEqual(await index.search(probes[0]!, 10, ['nope']), []);
      assert.deepEqual(await index.search(probes[0]!, 10, new Set<string>()), []);
      const viaSet = await index.search(probes[1]!, 10, new Set(['g2']));
      assert.deepEqual(viaSet, await index.search(probes[1]!, 10, ['g2']));
      await index.close();
    });

    test('save and load give the same answers', async () => {
      const index = factory(DIM);
      index.addMany(rows.map((r) => ({ id: r.id, gallery: r.gallery, vector: r.v })));
      index.remove(rows[0]!.id);
      const loaded = await reloaded(index, join(tempDir(), 'v.snap'));
      assert.equal(loaded.has(rows[0]!.id), false);
      const v = loaded as VectorIndex;
      for (const q of probes.slice(0, 5)) assert.deepEqual(await v.search(q, 10), await index.search(q, 10));
      // The loaded index keeps working: add and remove.
      v.add('new', 'g1', probes[0]!);
      assert.equal((await v.search(probes[0]!, 1))[0]!.id, 'new');
      await index.close();
      await loaded.close();
    });

    test('bad input is rejected with a coded error; lengths do not matter', async () => {
      const index = factory(DIM);
      const ok = rows[0]!.v;
      assert.throws(() => index.add('a', 'g1', new Float32Array(DIM + 1)), throwsCode('ABG_ERR_INDEX_DIMENSION'));
      await assert.rejects(index.search(new Float32Array(DIM - 1), 1), throwsCode('ABG_ERR_INDEX_DIMENSION'));
      const nan = Float32Array.from(ok);
      nan[3] = Number.NaN;
      assert.throws(() => index.add('a', 'g1', nan), throwsCode('ABG_ERR_INDEX_VALUE'));
      const inf = Array.from(ok);
      inf[0] = Number.POSITIVE_INFINITY;
      assert.throws(() => index.add('a', 'g1', inf), throwsCode('ABG_ERR_INDEX_VALUE'));
      await assert.rejects(index.search(nan, 1), throwsCode('ABG_ERR_INDEX_VALUE'));
      assert.throws(() => index.add('a', 'g1', new Float32Array(DIM)), throwsCode('ABG_ERR_INDEX_VALUE'));
      await assert.rejects(index.search(ok, 0), throwsCode('ABG_ERR_VALIDATION'));
      assert.throws(() => index.add('', 'g1', ok), throwsCode('ABG_ERR_VALIDATION'));
      // A batch with one bad entry changes nothing.
      assert.throws(() => index.addMany([{ id: 'x', gallery: 'g1', vector: ok }, { id: 'y', gallery: 'g1', vector: nan }]), throwsCode('ABG_ERR_INDEX_VALUE'));
      assert.equal(index.size, 0);
      // Not unit length: normalised, so a scaled copy scores like the original.
      index.add('scaled', 'g1', Array.from(ok, (x) => x * 7.5));
      index.add('other', 'g1', rows[5]!.v);
      const hits = await index.search(Array.from(ok, (x) => x * 0.01), 2);
      assert.equal(hits[0]!.id, 'scaled');
      assert.ok(Math.abs(hits[0]!.score - 1) < 1e-2);
      await index.close();
    });
  });
}

// ---------------------------------------------------------------------------------------------

interface HashRow { id: string; gallery: string; words: Uint32Array }

/** 3000 random hashes over three galleries, plus probes with planted neighbours at 0–40 bits. */
function hashData(): { rows: HashRow[]; probes: Uint32Array[] } {
  const base = randomHashes(3000, 11);
  const rand = rng(12);
  const rows: HashRow[] = [];
  for (let i = 0; i < 3000; i++) rows.push({ id: `h${i}`, gallery: GALLERIES[i % 3]!, words: base.slice(i * 8, i * 8 + 8) });
  const probes: Uint32Array[] = [];
  for (let p = 0; p < 20; p++) {
    const q = randomHashes(1, 100 + p);
    probes.push(q);
    // Neighbours at every distance 0..40, in all galleries; some distances twice (ties).
    for (let d = 0; d <= 40; d += p % 2 === 0 ? 1 : 3) {
      rows.push({ id: `p${p}-${d}`, gallery: GALLERIES[d % 3]!, words: flipBits(q, 0, d, rand) });
      if (d % 10 === 0) rows.push({ id: `p${p}-${d}b`, gallery: GALLERIES[(d + 1) % 3]!, words: flipBits(q, 0, d, rand) });
    }
  }
  return { rows, probes };
}

function bruteHash(rows: HashRow[], q: Uint32Array, galleries?: Set<string>): HashHit[] {
  return rows
    .filter((r) => !galleries || galleries.has(r.gallery))
    .map((r) => ({ id: r.id, gallery: r.gallery, distance: hamming(r.words, 0, q, 0) }))
    .sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1));
}

export function describeHashIndexContract(name: string, factory: () => HashIndex): void {
  describe(`HashIndex contract: ${name}`, () => {
    const { rows, probes } = hashData();
    const fill = (index: HashIndex, list = rows) => index.addMany(list.map((r) => ({ id: r.id, gallery: r.gallery, hash: formatHash(r.words) })));

    test('an empty index answers nothing', async () => {
      const index = factory();
      assert.equal(index.size, 0);
      assert.deepEqual(await index.searchRadius(formatHash(probes[0]!), 31), []);
      assert.deepEqual(await index.search(formatHash(probes[0]!), 3), []);
    });

    test('radius and k-nearest searches equal brute force exactly (recall 1.0)', async () => {
      const index = factory();
      fill(index);
      assert.equal(index.size, rows.length);
      for (const q of probes) {
        const all = bruteHash(rows, q);
        for (const r of [0, 5, 15, 16, 30, 31, 32, 40, 100]) {
          assert.deepEqual(await index.searchRadius(formatHash(q), r), all.filter((h) => h.distance <= r), `radius ${r}`);
        }
        assert.deepEqual(await index.search(formatHash(q), 10), all.slice(0, 10));
        assert.deepEqual(await index.search(formatHash(q), 60), all.slice(0, 60));
      }
    });

    test('hex (either case) and bytes address the same hash', async () => {
      const index = factory();
      fill(index);
      const q = probes[2]!;
      const bytes = new Uint8Array(32);
      for (let w = 0; w < 8; w++) for (let b = 0; b < 4; b++) bytes[w * 4 + b] = (q[w]! >>> (24 - 8 * b)) & 0xff;
      const viaHex = await index.searchRadius(formatHash(q).toUpperCase(), 31);
      assert.deepEqual(await index.searchRadius(bytes, 31), viaHex);
      assert.ok(viaHex.length > 0);
    });

    test('removed entries are never returned; replacing works', async () => {
      const index = factory();
      fill(index);
      const removed = new Set(rows.filter((_, i) => i % 3 === 0).map((r) => r.id));
      for (const id of removed) assert.equal(index.remove(id), true);
      assert.equal(index.remove([...removed][0]!), false);
      const kept = rows.filter((r) => !removed.has(r.id));
      assert.equal(index.size, kept.length);
      for (const q of probes) {
        const all = bruteHash(kept, q);
        assert.deepEqual(await index.searchRadius(formatHash(q), 31), all.filter((h) => h.distance <= 31));
        assert.deepEqual(await index.search(formatHash(q), 10), all.slice(0, 10));
      }
      // Replace: the id moves to the new hash and gallery.
      const target = kept[0]!;
      index.add(target.id, 'g9', formatHash(probes[0]!));
      const hit = await index.searchRadius(formatHash(probes[0]!), 0);
      assert.ok(hit.some((h) => h.id === target.id && h.gallery === 'g9'));
      assert.equal(index.size, kept.length);
    });

    test('a gallery filter returns only those galleries, exactly', async () => {
      const index = factory();
      fill(index);
      for (const q of probes.slice(0, 8)) {
        const want = bruteHash(rows, q, new Set(['g2'])).filter((h) => h.distance <= 31);
        assert.deepEqual(await index.searchRadius(formatHash(q), 31, ['g2']), want);
        assert.deepEqual(await index.search(formatHash(q), 5, new Set(['g1', 'g3'])), bruteHash(rows, q, new Set(['g1', 'g3'])).slice(0, 5));
      }
      assert.deepEqual(await index.searchRadius(formatHash(probes[0]!), 31, ['nope']), []);
    });

    test('save and load give the same answers', async () => {
      const index = factory();
      fill(index);
      index.remove(rows[1]!.id);
      const loaded = await reloaded(index, join(tempDir(), 'h.snap'));
      const h = loaded as HashIndex;
      for (const q of probes) assert.deepEqual(await h.searchRadius(formatHash(q), 31), await index.searchRadius(formatHash(q), 31));
      h.add('new', 'g1', formatHash(probes[0]!));
      assert.equal((await h.search(formatHash(probes[0]!), 1))[0]!.id, 'new');
    });

    test('malformed hashes and radii are rejected with a coded error', async () => {
      const index = factory();
      const good = formatHash(probes[0]!);
      assert.throws(() => index.add('a', 'g1', good.slice(1)), throwsCode('ABG_ERR_MALFORMED_HASH'));
      assert.throws(() => index.add('a', 'g1', `${good.slice(1)}g`), throwsCode('ABG_ERR_MALFORMED_HASH'));
      assert.throws(() => index.add('a', 'g1', ` ${good}`), throwsCode('ABG_ERR_MALFORMED_HASH'));
      assert.throws(() => index.add('a', 'g1', new Uint8Array(31)), throwsCode('ABG_ERR_MALFORMED_HASH'));
      await assert.rejects(index.searchRadius('abc', 31), throwsCode('ABG_ERR_MALFORMED_HASH'));
      for (const r of [-1, 257, 1.5, Number.NaN]) await assert.rejects(index.searchRadius(good, r), throwsCode('ABG_ERR_VALIDATION'));
      await assert.rejects(index.search(good, 0), throwsCode('ABG_ERR_VALIDATION'));
      assert.throws(() => index.addMany([{ id: 'x', gallery: 'g1', hash: good }, { id: 'y', gallery: 'g1', hash: 'zz' }]), throwsCode('ABG_ERR_MALFORMED_HASH'));
      assert.equal(index.size, 0);
    });
  });
}
