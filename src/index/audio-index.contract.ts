// The contract every audio index meets, run from audio-index.test.ts against each one: every hit
// agrees with brute-force alignment (same bit error rate at its offset), recall of planted copies
// and excerpts at or above the declared bound, no hit on unrelated recordings, the offset of an
// excerpt, deletes, re-add, gallery filters and bad input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbgError } from '../domain/errors.ts';
import { bestAlignment } from './audio-align.ts';
import type { AudioIndex } from './audio-index.ts';
import { rng } from '../testing/synthetic-vectors.ts';

const MIN_ITEMS = 40;
const MAX_BER = 0.3;

/** A random sub-fingerprint sequence whose values repeat for short runs, as Chromaprint's do. */
function recording(seed: number, length: number): Uint32Array {
  const r = rng(seed);
  const out = new Uint32Array(length);
  let v = 0;
  for (let i = 0; i < length; i++) out[i] = v = i > 0 && r() < 0.3 ? v : (r() * 2 ** 32) >>> 0;
  return out;
}

/** The sequence with each bit flipped with probability p. */
function degrade(items: Uint32Array, p: number, seed: number): Uint32Array {
  const r = rng(seed);
  return items.map((v) => {
    let m = 0;
    for (let b = 0; b < 32; b++) if (r() < p) m |= 1 << b;
    return (v ^ m) >>> 0;
  });
}

interface Planted { id: string; query: Uint32Array; offset: number }

/** Runs the contract against fresh indexes from `make`; `recall` is the declared lower bound (1 for exact). */
export function describeAudioIndexContract(name: string, make: (minItems: number) => AudioIndex, recall: number): void {
  describe(`audio index contract: ${name}`, () => {
    const stored = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, gallery: `g${i % 3}`, items: recording(i + 1, 120 + (i % 5) * 40) }));
    const planted: Planted[] = [];
    for (let i = 0; i < 40; i++) {
      const s = stored[i * 7]!;
      const offset = i % 2 === 0 ? 0 : 10 + (i % 30);
      const length = i % 2 === 0 ? s.items.length : 60;
      planted.push({ id: s.id, query: degrade(s.items.slice(offset, offset + length), 0.08, 500 + i), offset });
    }
    const fresh = () => {
      const index = make(MIN_ITEMS);
      for (const s of stored) index.add(s.id, s.gallery, s.items);
      return index;
    };

    test('finds degraded copies and excerpts at their offset, with brute-force bit error rates', async () => {
      const index = fresh();
      assert.equal(index.size, stored.length);
      let found = 0;
      for (const p of planted) {
        const hits = await index.search(p.query, MAX_BER);
        for (const h of hits) {
          const brute = bestAlignment(p.query, stored.find((s) => s.id === h.id)!.items, MIN_ITEMS)!;
          assert.ok(h.ber <= MAX_BER && Math.abs(h.ber - brute.ber) < 1e-9, `${h.id}: ber ${h.ber} vs brute force ${brute.ber}`);
        }
        const own = hits.find((h) => h.id === p.id);
        if (own) {
          found++;
          assert.equal(own.offsetItems, p.offset);
          assert.ok(own.ber > 0.03 && own.ber < 0.13, `bit error rate ${own.ber}`);
        }
        assert.deepEqual(hits.map((h) => h.id), [p.id], 'only the planted recording matches');
      }
      assert.ok(found / planted.length >= recall, `recall ${found / planted.length} < ${recall}`);
    });

    test('unrelated recordings find nothing; the same sequence finds itself with no error', async () => {
      const index = fresh();
      for (let i = 0; i < 20; i++) assert.deepEqual(await index.search(recording(10_000 + i, 150), MAX_BER), []);
      const [self] = await index.search(stored[5]!.items, MAX_BER);
      assert.deepEqual([self!.id, self!.ber, self!.offsetItems], ['r5', 0, 0]);
    });

    test('a recording deep inside a long file is found at its (negative) offset', async () => {
      const index = fresh();
      const s = stored[123]!;
      const file = recording(20_000, 4000);
      file.set(degrade(s.items, 0.08, 900), 3100);
      const hits = await index.search(file, MAX_BER);
      assert.deepEqual(hits.map((h) => [h.id, h.offsetItems]), [[s.id, -3100]]);
    });

    test('remove, re-add and gallery filters', async () => {
      const index = fresh();
      const p = planted[1]!;
      const gallery = stored.find((s) => s.id === p.id)!.gallery;
      assert.deepEqual((await index.search(p.query, MAX_BER, [gallery])).map((h) => h.id), [p.id]);
      assert.deepEqual(await index.search(p.query, MAX_BER, new Set(['elsewhere'])), []);
      assert.equal(index.remove(p.id), true);
      assert.equal(index.remove(p.id), false);
      assert.equal(index.has(p.id), false);
      assert.deepEqual(await index.search(p.query, MAX_BER), []);
      index.add(p.id, 'g9', stored.find((s) => s.id === p.id)!.items);
      const [again] = await index.search(p.query, MAX_BER);
      assert.deepEqual([again!.id, again!.gallery], [p.id, 'g9']);
      // Adding under an existing id replaces the recording.
      index.add(p.id, 'g9', recording(77_777, 200));
      assert.deepEqual(await index.search(p.query, MAX_BER), []);
      assert.equal(index.size, stored.length);
    });

    test('a query shorter than the minimum overlap matches nothing; bad input is refused and changes nothing', async () => {
      const index = fresh();
      assert.deepEqual(await index.search(stored[3]!.items.slice(0, MIN_ITEMS - 1), MAX_BER), []);
      const refused = (code: string) => (e: unknown) => isAbgError(e) && e.code === code;
      assert.throws(() => index.add('x', 'g', new Uint32Array(0)), refused('ABG_ERR_MALFORMED_HASH'));
      assert.throws(() => index.add('x', 'g', [1, 2, 3] as unknown as Uint32Array), refused('ABG_ERR_MALFORMED_HASH'));
      assert.throws(() => index.add('', 'g', stored[0]!.items), refused('ABG_ERR_VALIDATION'));
      await assert.rejects(index.search(stored[0]!.items, 1.5), refused('ABG_ERR_VALIDATION'));
      await assert.rejects(index.search(new Uint32Array(0), MAX_BER), refused('ABG_ERR_MALFORMED_HASH'));
      assert.equal(index.size, stored.length);
      assert.equal(index.has('x'), false);
    });
  });
}
