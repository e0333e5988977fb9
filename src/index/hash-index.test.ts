import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HammingIndex } from './hash-index.ts';
import { formatHash, hamming, parseHash, popcount32 } from './hash-input.ts';
import { describeHashIndexContract } from './index.contract.ts';
import { flipBits, randomHashes, rng } from '../testing/synthetic-vectors.ts';

describeHashIndexContract('hamming-linear', () => new HammingIndex({ mode: 'linear' }));
describeHashIndexContract('hamming-mih', () => new HammingIndex({ mode: 'mih', mihMinSize: 0 }));
// Galleries cross the threshold while the contract fills them: tables are built on the way.
describeHashIndexContract('hamming-mih (tables built at 500)', () => new HammingIndex({ mode: 'mih', mihMinSize: 500 }));

test('popcount and parse/format agree with a bit-by-bit reference', () => {
  const r = rng(1);
  for (let i = 0; i < 1000; i++) {
    const x = (r() * 4294967296) >>> 0;
    let slow = 0;
    for (let b = 0; b < 32; b++) slow += (x >>> b) & 1;
    assert.equal(popcount32(x), slow);
  }
  const hex = 'f'.repeat(8) + '0'.repeat(48) + '0123abcd';
  assert.equal(formatHash(parseHash(hex)), hex);
  assert.equal(hamming(parseHash(hex), 0, parseHash('0'.repeat(64)), 0), 32 + 14); // 0123abcd has 14 one bits
});

test('MIH finds every planted neighbour at distance 0–31 among 100k random hashes', async () => {
  const n = 100_000;
  const base = randomHashes(n, 5);
  const index = new HammingIndex({ mode: 'mih' });
  index.addMany(Array.from({ length: n }, (_, i) => ({ id: `r${i}`, gallery: 'g', hash: formatHash(base, i * 8) })));
  const r = rng(6);
  for (let d = 0; d <= 31; d++) {
    const q = randomHashes(1, 1000 + d);
    index.add(`planted${d}`, 'g', formatHash(flipBits(q, 0, d, r)));
    const hits = await index.searchRadius(formatHash(q), 31);
    assert.ok(hits.some((h) => h.id === `planted${d}` && h.distance === d), `distance ${d} missed`);
  }
});
