import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pdqDctFromPixels, PDQ_ENGINE } from './pdq-core.ts';
import { PDQ_KERNEL_FILE } from './pdq-wasm.ts';
import { compilePdqKernel } from '../../../scripts/gen-wasm.ts';

test('the compiled PDQ kernel ships with the sources and is the default engine', () => {
  assert.equal(PDQ_ENGINE, 'wasm');
});

test('the compiled kernel gives the TypeScript reference\'s DCT block and quality bit for bit', () => {
  let seed = 987654321;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 255;
  // Sizes around every special case: too small, exactly 64×64, fewer than 64 rows or columns
  // (repeated sample rows), odd sizes, and images over 512 px with and without prescaling.
  const sizes = [[4, 9], [5, 5], [64, 64], [63, 64], [64, 30], [7, 200], [333, 17], [250, 250], [251, 249], [513, 2], [600, 513], [1000, 600]] as const;
  let compared = 0;
  for (const [w, h] of sizes) {
    for (const channels of [1, 2, 3, 4]) {
      // Smooth gradients with noise, so the hash has structure (quality well above 0).
      const px = Uint8Array.from({ length: w * h * channels }, (_, i) => {
        const p = Math.floor(i / channels);
        return ((p % w) * 3 + Math.floor(p / w) * 2 + (rand() & 31)) & 255;
      });
      for (const prescale of [true, false]) {
        const ts = pdqDctFromPixels(px, w, h, channels, { prescale, engine: 'typescript' });
        const expected = ts && { dct: ts.dct.slice(), quality: ts.quality };
        const got = pdqDctFromPixels(px, w, h, channels, { prescale, engine: 'wasm' });
        const label = `${w}×${h}×${channels} prescale=${prescale}`;
        if (!expected) { assert.equal(got, null, label); continue; }
        assert.ok(got, label);
        assert.equal(got.quality, expected.quality, label);
        assert.deepEqual(Array.from(got.dct), Array.from(expected.dct), label);
        compared++;
      }
    }
  }
  assert.ok(compared >= 80);
});

test('the committed kernel binary is what its source compiles to (run `npm run gen:wasm` when this fails)', async () => {
  const fresh = await compilePdqKernel();
  assert.ok(Buffer.from(fresh).equals(readFileSync(PDQ_KERNEL_FILE)), 'src/signals/pdq/kernel/pdq-kernel.wasm is stale');
});
