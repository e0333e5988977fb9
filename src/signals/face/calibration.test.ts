import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalibration, Calibration } from './calibration.ts';
import { faceModels } from './models.ts';

const bins = 20000;
const binOf = (s: number) => Math.min(bins - 1, Math.floor(((s + 1) / 2) * bins));

function synthetic(): Calibration {
  // Impostors uniform on [-0.5, 0.5) (1e6 of them), genuines uniform on [0.3, 0.9).
  const imp = new Float64Array(bins), gen = new Float64Array(bins);
  for (let i = 0; i < 1_000_000; i++) imp[binOf(-0.5 + i / 1_000_000)]!++;
  for (let i = 0; i < 10_000; i++) gen[binOf(0.3 + (0.6 * i) / 10_000)]!++;
  return new Calibration(buildCalibration('test/model@1', 'synthetic', gen, imp));
}

test('fmrAtScore reads the impostor tail: uniform impostors give a linear FMR', () => {
  const c = synthetic();
  assert.ok(Math.abs(c.fmrAtScore(0.4) - 0.1) < 0.01, String(c.fmrAtScore(0.4)));
  assert.ok(Math.abs(c.fmrAtScore(0) - 0.5) < 0.02, String(c.fmrAtScore(0)));
  assert.ok(c.fmrAtScore(0.9) <= 1e-6 + 1e-12);
});

test('scoreAtFmr inverts fmrAtScore, and FNMR at that threshold matches the genuine scores', () => {
  const c = synthetic();
  for (const fmr of [1e-1, 1e-2, 1e-3, 1e-4]) {
    const s = c.scoreAtFmr(fmr);
    assert.ok(Math.abs(Math.log10(c.fmrAtScore(s)) - Math.log10(fmr)) < 0.05, `fmr ${fmr}: score ${s}`);
  }
  const s = c.scoreAtFmr(0.1);
  assert.ok(Math.abs(c.fnmrAtFmr(0.1) - (s - 0.3) / 0.6) < 0.02);
});

test('a target FMR below what the reference set can show is refused, not extrapolated', () => {
  assert.throws(() => synthetic().scoreAtFmr(1e-9), /below what the calibration/);
});

test('every installed model ships a calibration: a monotone table over hundreds of genuine and 10^5+ impostor comparisons', () => {
  for (const m of faceModels()) {
    const c = m.calibration();
    const p = c.table.points;
    for (let i = 1; i < p.length; i++) {
      assert.ok(p[i]!.score < p[i - 1]!.score && p[i]!.fmr >= p[i - 1]!.fmr, `${m.alias} point ${i}`);
    }
    assert.ok(c.table.genuineComparisons >= 500, `${m.alias}: genuine comparisons`);
    assert.ok(c.table.impostorComparisons >= 1e5, `${m.alias}: impostor comparisons`);
    assert.equal(c.table.model, m.id);
  }
});
