import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvertedAudioIndex, LinearAudioIndex } from './audio-index.ts';
import { berAt, bestAlignment } from './audio-align.ts';
import { describeAudioIndexContract } from './audio-index.contract.ts';

describeAudioIndexContract('audio-linear', (minItems) => new LinearAudioIndex({ minItems }), 1);
describeAudioIndexContract('audio-inverted', (minItems) => new InvertedAudioIndex({ minItems }), 0.95);

test('alignment: an excerpt is placed at its offset; the overlap decides what counts', () => {
  const ref = Uint32Array.from({ length: 100 }, (_, i) => Math.imul(i + 1, 2654435761) >>> 0);
  const ex = ref.slice(30, 70);
  assert.deepEqual(bestAlignment(ex, ref, 20), { offsetItems: 30, ber: 0, overlap: 40 });
  // The reference inside a longer query: a negative offset.
  assert.deepEqual(bestAlignment(ref, ex, 20), { offsetItems: -30, ber: 0, overlap: 40 });
  // All 32 bits wrong on one item of 40: 1/40.
  const one = ex.slice();
  one[0] = ~one[0]! >>> 0;
  assert.equal(bestAlignment(one, ref, 20)!.ber, 1 / 40);
  assert.equal(berAt(ex, ref, 80, 21), null, 'only 20 items overlap at offset 80');
  assert.equal(bestAlignment(ex.slice(0, 10), ref, 20), null);
});

test('the inverted index skips keys too common to vote and still finds recordings by their other values', async () => {
  const index = new InvertedAudioIndex({ minItems: 20, maxPostings: 5 });
  const common = 0xabcdef00;
  for (let k = 0; k < 10; k++) {
    const items = Uint32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? common : Math.imul(k * 1000 + i + 1, 2654435761) >>> 0));
    index.add(`r${k}`, 'g', items);
  }
  const q = Uint32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? common : Math.imul(4000 + i + 1, 2654435761) >>> 0));
  assert.deepEqual((await index.search(q, 0.1)).map((h) => h.id), ['r4']);
});

test('with a tight posting budget the rarest keys vote first, so a recording whose other keys are common is still found', async () => {
  const index = new InvertedAudioIndex({ minItems: 20, postingBudget: 60 });
  const common = [0x11111000, 0x22222000, 0x33333000];
  const items = (k: number) => Uint32Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? common[(i / 2) % 3]! : Math.imul(k * 1000 + i + 1, 2654435761) >>> 0));
  for (let k = 0; k < 30; k++) index.add(`r${k}`, 'g', items(k));
  // Each common key has 300 postings, more than the whole budget; the 30 own keys have one each.
  assert.deepEqual((await index.search(items(7), 0.1)).map((h) => [h.id, h.ber]), [['r7', 0]]);
});
