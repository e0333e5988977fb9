// TMK+PDQF pair scoring (Baraldi et al., temporal matching kernel; Poullot periods/weights).
// Level 1: cosine of the pure-average frame features. Level 2: for each period, the kernel
// K(δ) = Σ_j cos(jδ)(cc+ss) + sin(jδ)(sc−cs) maximised over all frame offsets δ, the best
// period taken and normalised by a0 + 2·Σ a_j.
import { fail } from '../../domain/errors.ts';
import type { TmkFeatures } from './tmk-file.ts';

/** Thresholds suggested with the reference: both levels ≥ 0.7 is a match; ≥ 0.9 a near-exact copy. */
export const TMK_LEVEL1_THRESHOLD = 0.7;
export const TMK_LEVEL2_THRESHOLD = 0.7;

function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[ao + k]! * b[bo + k]!;
  return s;
}

/** Cosine similarity of the two pure-average features. */
export function tmkLevel1(a: TmkFeatures, b: TmkFeatures): number {
  assertCompatible(a, b);
  const n = a.dimension;
  const ab = dot(a.pureAverage, 0, b.pureAverage, 0, n);
  const aa = dot(a.pureAverage, 0, a.pureAverage, 0, n);
  const bb = dot(b.pureAverage, 0, b.pureAverage, 0, n);
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Best time-aligned kernel score over all periods and offsets (1 for identical videos). */
export function tmkLevel2(a: TmkFeatures, b: TmkFeatures): number {
  assertCompatible(a, b);
  const m = a.fourierCoefficients.length;
  const d = a.dimension;
  if (a.periods.length === 0 || m === 0) return 0;
  let normaliser = a.fourierCoefficients[0]!;
  for (let j = 1; j < m; j++) normaliser += 2 * a.fourierCoefficients[j]!;
  let best = -Infinity;
  for (let i = 0; i < a.periods.length; i++) {
    const sum = new Float64Array(m);
    const diff = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const o = (i * m + j) * d;
      sum[j] = dot(a.cos, o, b.cos, o, d) + dot(a.sin, o, b.sin, o, d);
      diff[j] = dot(a.sin, o, b.cos, o, d) - dot(a.cos, o, b.sin, o, d);
    }
    const base = dot(a.cos, i * m * d, b.cos, i * m * d, d);
    const period = a.periods[i]!;
    for (let offset = 0; offset < period; offset++) {
      const delta = (2 * Math.PI * offset) / period;
      let k = base;
      for (let j = 1; j < m; j++) k += Math.cos(j * delta) * sum[j]! + Math.sin(j * delta) * diff[j]!;
      if (k > best) best = k;
    }
  }
  return best / normaliser;
}

function assertCompatible(a: TmkFeatures, b: TmkFeatures): void {
  const same =
    a.framesPerSecond === b.framesPerSecond &&
    a.dimension === b.dimension &&
    a.periods.length === b.periods.length &&
    a.periods.every((p, i) => p === b.periods[i]) &&
    a.fourierCoefficients.length === b.fourierCoefficients.length &&
    a.fourierCoefficients.every((c, i) => Math.abs(c - b.fourierCoefficients[i]!) <= 1e-6 * Math.max(Math.abs(c), Math.abs(b.fourierCoefficients[i]!)));
  if (!same) fail('ABG_ERR_MALFORMED_TMK', 'The two TMK files were made with different parameters and cannot be compared.');
}
