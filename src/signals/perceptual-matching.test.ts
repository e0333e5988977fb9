import { test } from 'node:test';
import assert from 'node:assert/strict';
import { perceptualMatching } from './perceptual-matching.ts';
import { pdqSignal } from './pdq/index.ts';
import { vpdqSignal } from './vpdq/index.ts';

const ex = pdqSignal.examples[0]!;

test('PDQ hashes below the quality floor are not usable', () => {
  assert.equal(perceptualMatching.pdqQualityFloor, pdqSignal.minQuality);
  assert.equal(perceptualMatching.pdqUsable({ quality: pdqSignal.minQuality }), true);
  assert.equal(perceptualMatching.pdqUsable({ quality: pdqSignal.minQuality - 1 }), false);
});

test('the PDQ index finds each id once, at the closest variant within the match distance, named by the PDQ variant order', async () => {
  const index = perceptualMatching.pdqIndex();
  index.add('a', ex.value.hash);
  index.add('b', ex.other.hash);
  assert.equal(index.size, 2);
  const hits = await index.searchVariants([ex.other.hash, ex.same.hash]);
  assert.deepEqual([...hits.keys()].sort(), ['a', 'b']);
  assert.deepEqual(hits.get('b'), { distance: 0, variant: pdqSignal.variantNames[0] });
  assert.deepEqual(hits.get('a'), { distance: pdqSignal.compare(ex.value, ex.same).distance, variant: pdqSignal.variantNames[1] });
});

test('vPDQ matching agrees with the vpdq signal type', () => {
  for (const v of vpdqSignal.examples) {
    assert.equal(perceptualMatching.matchVpdq(v.value.frames, v.same.frames).match, vpdqSignal.compare(v.value, v.same).match);
    assert.equal(perceptualMatching.matchVpdq(v.value.frames, v.other.frames).match, false);
  }
});
