// One contract suite for every registered face model: the embedder it builds states the entry's
// id and dimension and returns finite unit vectors, the same for the same chip; its calibration
// belongs to it, is monotone, and reads the same in both directions. Chips are synthetic: the
// suite checks the plug-in's promises, not its accuracy (docs/face.md measures that).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbgError } from '../../domain/errors.ts';
import type { FaceModelEntry } from './models.ts';
import type { Embedder } from './types.ts';
import { syntheticChip } from './test-chip.ts';

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

function isCalibrated(entry: FaceModelEntry): boolean {
  try {
    entry.calibration();
    return true;
  } catch (e) {
    if (isAbgError(e) && e.code === 'ABG_ERR_MODEL_UNCALIBRATED') return false;
    throw e;
  }
}

export function describeFaceModelContract(entry: FaceModelEntry): void {
  describe(`FaceModel contract: ${entry.alias}`, () => {
    test('is registered under a stable versioned id and a short alias', () => {
      assert.match(entry.id, /^.+\/.+@\d[^@]*$/);
      assert.match(entry.alias, /^[a-z][a-z0-9-]*$/);
      assert.ok(Number.isInteger(entry.dimension) && entry.dimension > 0);
    });

    test('its calibration is its own, monotone, and fmrAtScore and scoreAtFmr agree', { skip: !isCalibrated(entry) && 'not calibrated yet' }, () => {
      const c = entry.calibration();
      assert.equal(c.table.model, entry.id);
      const p = c.table.points;
      assert.ok(p.length >= 2);
      for (let i = 1; i < p.length; i++) assert.ok(p[i]!.score < p[i - 1]!.score && p[i]!.fmr >= p[i - 1]!.fmr, `point ${i}`);
      let last = Infinity;
      for (let s = -1; s <= 1.0001; s += 0.01) {
        const f = c.fmrAtScore(s);
        assert.ok(f > 0 && f <= 1 && f <= last + 1e-15, `fmrAtScore not decreasing at ${s}`);
        last = f;
      }
      for (const fmr of [1e-2, 1e-3, 1e-4, 1e-5].filter((f) => f >= p[0]!.fmr)) {
        const s = c.scoreAtFmr(fmr);
        assert.ok(Math.abs(Math.log10(c.fmrAtScore(s)) - Math.log10(fmr)) < 0.05, `fmr ${fmr}: score ${s}`);
      }
    });

    describe('its embedder', () => {
      let embedder: Embedder;
      before(async () => { embedder = await entry.create(); });
      after(async () => { await embedder?.dispose(); });

      test('states the entry\'s id and dimension, and compares by cosine over unit vectors', () => {
        assert.equal(embedder.id, entry.id);
        assert.equal(embedder.dimension, entry.dimension);
        assert.equal(embedder.normalisation, 'l2');
      });

      test('returns one finite unit vector of the stated dimension per chip; nothing for no chips', async () => {
        const chips = [1, 2].map((seed) => syntheticChip(embedder.chip.size, seed));
        const out = await embedder.embed(chips);
        assert.equal(out.length, 2);
        for (const v of out) {
          assert.equal(v.length, entry.dimension);
          assert.ok(v.every(Number.isFinite), 'a component is not finite');
          assert.ok(Math.abs(norm(v) - 1) < 1e-4, `norm ${norm(v)}`);
        }
        assert.ok(out[0]!.some((x, i) => x !== out[1]![i]), 'two different chips gave the same vector');
        assert.deepEqual(await embedder.embed([]), []);
      });

      test('the same chip twice gives the same vector, in one batch and across calls', async () => {
        const chip = syntheticChip(embedder.chip.size, 3);
        const [a, b] = await embedder.embed([chip, chip]);
        const [c] = await embedder.embed([chip]);
        for (const other of [b!, c!]) {
          const diff = a!.reduce((m, x, i) => Math.max(m, Math.abs(x - other[i]!)), 0);
          assert.ok(diff < 1e-5, `max difference ${diff}`);
        }
      });
    });
  });
}
