// The calibration engine on synthetic score lists whose answers are known by construction.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Calibration } from '../calibration.ts';
import { detSvg } from './det-svg.ts';
import { calibrationTable, lowestSupportedFmr, measureCalibration, wilson } from './measure.ts';

/** Impostors evenly spread over [0, 1): i / n for i = 0..n−1. */
const even = (n: number) => Array.from({ length: n }, (_, i) => i / n);

describe('calibration engine', () => {
  test('FNMR at FMR: thresholds and misses follow from evenly spread scores', () => {
    const impostor = even(10_000);
    // At FMR 1e-2, 100 impostors (0.99 … 0.9999) may score at or above: the threshold is just above 0.9899.
    // 1,000 genuine scores 0.9899, 0.98991, …: only the first misses there; at 1e-3 (just above 0.9989) 901 miss.
    const genuine = Array.from({ length: 1000 }, (_, i) => 0.9899 + i * 1e-5);
    const r = measureCalibration(genuine.map((score) => ({ score })), impostor.map((score) => ({ score })));
    assert.equal(r.lowestSupportedFmr, 3e-4);
    const at = Object.fromEntries(r.fnmrAtFmr.map((f) => [f.fmr, f]));
    assert.equal(at[1e-2]!.supported, true);
    assert.ok(at[1e-2]!.threshold! > 0.9899 && at[1e-2]!.threshold! <= 0.989901);
    assert.equal(at[1e-2]!.misses, 1);
    assert.equal(at[1e-3]!.misses, 901);
    assert.equal(at[1e-2]!.fnmr, 0.001);
    assert.ok(at[1e-2]!.interval![0] < 0.001 && at[1e-2]!.interval![1] > 0.001);
    assert.equal(at[1e-4]!.supported, false, '1e-4 is below 3 / 10,000');
    assert.equal(at[1e-4]!.fnmr, null);
    assert.equal(at[1e-5]!.supported, false);
  });

  test('the table never states an FMR below 3 / impostors, and round-trips through Calibration', () => {
    const impostor = even(1000), genuine = Array.from({ length: 200 }, (_, i) => 0.5 + i / 400);
    const table = calibrationTable('m@1', 'synthetic', genuine, impostor);
    const cal = new Calibration(table);
    assert.equal(table.points[0]!.fmr, lowestSupportedFmr(1000));
    assert.ok(table.points.every((p) => p.fmr >= 3e-3));
    assert.equal(cal.fmrAtScore(5), 3e-3, 'above every impostor: the floor, not zero');
    assert.throws(() => cal.scoreAtFmr(1e-3), /below what the calibration/);
    assert.ok(Math.abs(cal.fmrAtScore(0.9) - 0.1) < 0.01, 'a tenth of the impostors score at or above 0.9');
    for (let i = 1; i < table.points.length; i++) {
      assert.ok(table.points[i]!.score < table.points[i - 1]!.score && table.points[i]!.fmr > table.points[i - 1]!.fmr);
    }
  });

  test('Wilson interval: known values, and it always holds the estimate', () => {
    assert.deepEqual(wilson(0, 100).map((v) => Number(v.toFixed(4))), [0, 0.037]);
    const [lo, hi] = wilson(10, 100);
    assert.ok(Math.abs(lo - 0.0552) < 1e-3 && Math.abs(hi - 0.1744) < 1e-3);
    for (const [k, n] of [[1, 3], [50, 50], [7, 1000]] as const) {
      const [a, b] = wilson(k, n);
      assert.ok(a <= k / n && k / n <= b);
    }
  });

  test('quality bands: low-quality genuine pairs miss, high-quality ones match', () => {
    const impostor = even(2000).map((score) => ({ score }));
    const genuine = [
      ...Array.from({ length: 50 }, () => ({ score: 0.5, quality: 30 })),
      ...Array.from({ length: 50 }, () => ({ score: 0.9999, quality: 90 })),
    ];
    const r = measureCalibration(genuine, impostor);
    assert.equal(r.qualityBandFmr, 1e-2);
    const low = r.qualityBands.find((b) => b.from === 0)!, high = r.qualityBands.find((b) => b.from === 80)!;
    assert.deepEqual([low.genuineComparisons, low.fnmr], [50, 1]);
    assert.deepEqual([high.genuineComparisons, high.fnmr], [50, 0]);
    assert.equal(r.qualityBands.find((b) => b.from === 40)!.fnmr, null, 'an empty band states nothing');
  });

  test('DET SVG: log axes labelled over the supported range, one path', () => {
    const r = measureCalibration(even(100).map((i) => ({ score: 0.5 + i / 2 })), even(10_000).map((score) => ({ score })));
    const svg = detSvg(r, 'tiny <model>');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /False match rate \(FMR, log scale\)/);
    assert.match(svg, /False non-match rate \(FNMR, log scale\)/);
    assert.match(svg, />10\^-4</, 'x axis reaches the decade of 3 / 10,000');
    assert.doesNotMatch(svg, />10\^-5</);
    assert.match(svg, /tiny &lt;model&gt;/);
    assert.equal(svg.match(/<path /g)!.length, 1);
  });
});
