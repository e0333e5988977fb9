import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EXACT_KERNEL_FILE, exactKernelModule, quantiseQuery, quantiseRow } from './exact-kernel.ts';
import { dotF32 } from './flat-kernels.ts';
import { FaceLike } from '../testing/synthetic-vectors.ts';
import { compileExactKernel } from '../../scripts/gen-wasm.ts';

test('the committed exact-scan kernel is the one its source compiles to', async () => {
  assert.ok(exactKernelModule(), 'exact-kernel.wasm ships with the sources');
  assert.deepEqual(new Uint8Array(readFileSync(EXACT_KERNEL_FILE)), await compileExactKernel(), 'stale binary: run npm run gen:wasm');
});

test('the quantisation error bound holds: every float32 score lies within the bound of the int8 estimate', () => {
  for (const dim of [128, 512, 37]) {
    const gen = new FaceLike({ dim, seed: dim });
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      const x = gen.sample(gen.identity(i));
      const y = gen.sample(gen.identity(i % 7));
      const qx = new Int8Array(dim);
      const meta = new Float32Array(3);
      quantiseRow(x, qx, 0, meta, 0);
      const qy = quantiseQuery(y);
      let d = 0;
      for (let j = 0; j < dim; j++) d += qx[j]! * qy.query[j]!;
      const estimate = qy.t * meta[2]! * d;
      const bound = meta[0]! * qy.y1 + meta[1]! * qy.fq + qy.delta;
      const gap = Math.abs(dotF32(x, 0, y, dim) - estimate);
      assert.ok(gap <= bound, `dim ${dim}: gap ${gap} over bound ${bound}`);
      worst = Math.max(worst, gap / bound);
    }
    // The bound is a worst case; typical errors use a fraction of it.
    assert.ok(worst < 0.5, `dim ${dim}: ${worst}`);
  }
});
