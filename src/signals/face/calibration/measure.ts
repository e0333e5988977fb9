// The calibration engine: from genuine and impostor comparison scores to a score → FMR table over
// the range the sample supports, FNMR at target FMRs with 95 % Wilson intervals, FNMR by
// quality band and the points of a DET curve. No FMR below 3 / impostors is ever stated: with
// no false match among N comparisons the FMR is below 3/N at 95 % confidence (rule of three),
// and that is all the sample can show.
import type { CalibrationReport, FnmrAtFmr, QualityBand } from '../../../domain/calibration-report.ts';
import { defaultFmrLevels, type CalibrationTable } from '../calibration.ts';

/** One comparison: its similarity and, where known, the lower unified quality (0–100) of its two images. */
export interface Comparison {
  score: number;
  quality?: number | undefined;
}

export const DECLARED_FMRS = [1e-2, 1e-3, 1e-4, 1e-5];
export const QUALITY_BANDS: [number, number][] = [[0, 40], [40, 60], [60, 80], [80, 101]];

/** The lowest FMR N impostor comparisons can support (rule of three). */
export const lowestSupportedFmr = (impostors: number): number => Math.min(1, 3 / impostors);

/** 95 % Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n, z2 = z * z, d = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / d;
  return [Math.max(0, round(centre - half)), Math.min(1, round(centre + half))];
}

/** Sorted scores with tail counts by binary search. */
class Scores {
  readonly asc: Float64Array;
  constructor(scores: Iterable<number>) {
    this.asc = Float64Array.from(scores).sort();
  }
  get n() { return this.asc.length; }
  /** How many scores are ≥ s. */
  atLeast(s: number): number {
    let lo = 0, hi = this.asc.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.asc[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    return this.asc.length - lo;
  }
  /** The k-th highest score (0-based). */
  desc(k: number): number { return this.asc[this.asc.length - 1 - k]!; }
}

/** The lowest score at which at most floor(fmr·N) impostors score at or above (just above the next impostor). */
function thresholdAt(imp: Scores, fmr: number): number {
  const k = Math.floor(fmr * imp.n + 1e-9);
  return k >= imp.n ? imp.asc[0]! : above(imp.desc(k));
}

const above = (s: number) => round(s, 6) + (round(s, 6) <= s ? 1e-6 : 0);

/** Score → FMR table (the format of calibration/*.json), ten levels per decade from 3/N to 1. */
export function calibrationTable(model: string, dataset: string, genuine: number[], impostor: number[]): CalibrationTable {
  const gen = new Scores(genuine), imp = new Scores(impostor);
  const floor = lowestSupportedFmr(imp.n);
  const levels = [floor, ...defaultFmrLevels().filter((f) => f > floor)];
  const points: CalibrationTable['points'] = [];
  for (const level of levels) {
    const score = round(thresholdAt(imp, level), 6);
    const fmr = Math.max(floor, imp.atLeast(score) / imp.n);
    const last = points[points.length - 1];
    if (last && (score >= last.score || fmr <= last.fmr)) continue;
    points.push({ score, fmr: Number(fmr.toPrecision(4)), fnmr: round(1 - gen.atLeast(score) / gen.n) });
  }
  if (points.length < 2) points.push({ score: round(Math.min(imp.asc[0]!, gen.asc[0] ?? 1) - 1e-6, 6), fmr: 1, fnmr: 0 });
  return { model, dataset, genuineComparisons: gen.n, impostorComparisons: imp.n, points };
}

/** Every figure of a calibration report from the two comparison lists. */
export function measureCalibration(genuine: Comparison[], impostor: Comparison[]): CalibrationReport {
  const gen = new Scores(genuine.map((c) => c.score)), imp = new Scores(impostor.map((c) => c.score));
  const floor = lowestSupportedFmr(imp.n);
  const fnmrAtFmr: FnmrAtFmr[] = DECLARED_FMRS.map((fmr) => {
    if (fmr < floor) return { fmr, supported: false, threshold: null, fnmr: null, interval: null, misses: null };
    const threshold = round(thresholdAt(imp, fmr), 6);
    const misses = gen.n - gen.atLeast(threshold);
    return { fmr, supported: true, threshold, fnmr: round(misses / gen.n), interval: wilson(misses, gen.n), misses };
  });
  const band = [1e-3, 1e-2].find((f) => f >= floor) ?? null;
  const bandThreshold = band === null ? null : thresholdAt(imp, band);
  const qualityBands: QualityBand[] = bandThreshold === null ? [] : QUALITY_BANDS.map(([from, to]) => {
    const inBand = genuine.filter((c) => c.quality !== undefined && c.quality >= from && c.quality < to);
    const misses = inBand.filter((c) => c.score < bandThreshold).length;
    const n = inBand.length;
    return { from, to: Math.min(to, 100), genuineComparisons: n, misses, fnmr: n ? round(misses / n) : null, interval: n ? wilson(misses, n) : null };
  });
  const det = defaultFmrLevels().filter((f) => f >= floor).map((fmr) => {
    const t = thresholdAt(imp, fmr);
    return { fmr: Math.max(floor, imp.atLeast(t) / imp.n), fnmr: 1 - gen.atLeast(t) / gen.n };
  }).filter((p, i, all) => i === 0 || p.fmr !== all[i - 1]!.fmr);
  return { genuineComparisons: gen.n, impostorComparisons: imp.n, lowestSupportedFmr: floor, fnmrAtFmr, qualityBandFmr: band, qualityBands, det };
}

function round(v: number, digits = 6): number {
  return Math.round(v * 10 ** digits) / 10 ** digits;
}
