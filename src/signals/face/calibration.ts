// Score → false-match-rate calibration per embedding model, measured on a reference set and
// shipped as data (calibration/*.json), so thresholds are configured as a target FMR
// (e.g. 1e-4) and every score can be shown with its FMR.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FnmrAtFmr } from '../../domain/calibration-report.ts';
import { fail } from '../../domain/errors.ts';
import type { ModelCalibration } from '../../domain/face-model.ts';
import { DECLARED_FMRS, lowestSupportedFmr, wilson } from './calibration/measure.ts';

export interface CalibrationPoint {
  /** Cosine similarity. */
  score: number;
  /** Share of impostor comparisons scoring ≥ score. */
  fmr: number;
  /** Share of genuine comparisons scoring < score. */
  fnmr: number;
}

export interface CalibrationTable {
  model: string;
  dataset: string;
  genuineComparisons: number;
  impostorComparisons: number;
  /** Sorted by descending score (ascending FMR). */
  points: CalibrationPoint[];
}

/** Builds a table from score histograms over [-1, 1] (index i covers [-1 + i·w, -1 + (i+1)·w)). */
export function buildCalibration(
  model: string, dataset: string, genuine: Float64Array, impostor: Float64Array, levels = defaultFmrLevels(),
): CalibrationTable {
  const bins = impostor.length;
  const width = 2 / bins;
  const nImp = impostor.reduce((a, b) => a + b, 0);
  const nGen = genuine.reduce((a, b) => a + b, 0);
  // Tail sums from the top bin down: impostors and genuines scoring ≥ the bin's lower edge.
  const points: CalibrationPoint[] = [];
  // Above the highest impostor the reference set can only say "below one in nImp".
  let top = bins - 1;
  while (top > 0 && impostor[top] === 0) top--;
  let genAbove = 0;
  for (let i = bins - 1; i > top; i--) genAbove += genuine[i]!;
  points.push({ score: round(-1 + (top + 1) * width, 5), fmr: round(1 / nImp, 10, true), fnmr: round(1 - genAbove / nGen, 6) });
  let imp = 0, gen = 0, level = 0;
  const sortedLevels = [...levels].sort((a, b) => a - b);
  for (let i = bins - 1; i >= 0 && level < sortedLevels.length; i--) {
    imp += impostor[i]!;
    gen += genuine[i]!;
    const fmr = imp / nImp;
    while (level < sortedLevels.length && fmr >= sortedLevels[level]!) {
      if (fmr > points[points.length - 1]!.fmr) points.push({ score: round(-1 + i * width, 5), fmr: round(fmr, 10, true), fnmr: round(1 - gen / nGen, 6) });
      level++;
    }
  }
  const dedup = points.filter((p, i) => i === 0 || p.score !== points[i - 1]!.score);
  return { model, dataset, genuineComparisons: nGen, impostorComparisons: nImp, points: dedup };
}

/** Log-spaced FMR levels from 1e-8 to 1 (ten per decade). */
export function defaultFmrLevels(): number[] {
  const out: number[] = [];
  for (let e = -80; e <= 0; e++) out.push(10 ** (e / 10));
  return out;
}

function round(v: number, digits: number, significant = false): number {
  if (significant) return Number(v.toPrecision(digits > 6 ? 4 : digits));
  return Math.round(v * 10 ** digits) / 10 ** digits;
}

export class Calibration {
  constructor(readonly table: CalibrationTable) {
    if (table.points.length < 2) throw new RangeError('a calibration table needs two or more points');
  }

  /** Smallest FMR the table can state (one impostor in the whole reference set). */
  get resolution(): number {
    return 1 / this.table.impostorComparisons;
  }

  /** FMR at a score: log-linear interpolation between table points; clamped to [resolution, 1]. */
  fmrAtScore(score: number): number {
    const p = this.table.points;
    if (score >= p[0]!.score) return p[0]!.fmr;
    for (let i = 1; i < p.length; i++) {
      if (score >= p[i]!.score) {
        const hi = p[i - 1]!, lo = p[i]!;
        const t = (score - lo.score) / (hi.score - lo.score);
        return Math.exp(Math.log(lo.fmr) + t * (Math.log(hi.fmr) - Math.log(lo.fmr)));
      }
    }
    return p[p.length - 1]!.fmr;
  }

  /** The lowest score whose FMR does not exceed `fmr`. Throws when the target is below the table's resolution. */
  scoreAtFmr(fmr: number): number {
    const p = this.table.points;
    if (!(fmr > 0 && fmr <= 1)) fail('ABG_ERR_CONFIG', `Target FMR must be in (0, 1], got ${fmr}.`);
    if (fmr < p[0]!.fmr) {
      fail('ABG_ERR_CONFIG', `Target FMR ${fmr} is below what the calibration of ${this.table.model} can state (${p[0]!.fmr}).`);
    }
    for (let i = 1; i < p.length; i++) {
      if (p[i]!.fmr > fmr) {
        const hi = p[i - 1]!, lo = p[i]!;
        const t = (Math.log(fmr) - Math.log(lo.fmr)) / (Math.log(hi.fmr) - Math.log(lo.fmr));
        return lo.score + t * (hi.score - lo.score);
      }
    }
    return p[p.length - 1]!.score;
  }

  /** FNMR measured at the threshold for a target FMR (read from the same table). */
  fnmrAtFmr(fmr: number): number {
    const s = this.scoreAtFmr(fmr);
    const p = this.table.points;
    let best = p[0]!;
    for (const q of p) if (Math.abs(q.score - s) < Math.abs(best.score - s)) best = q;
    return best.fnmr;
  }
}

const calibrationDir = fileURLToPath(new URL('./calibration/', import.meta.url));

/** When the shipped tables were measured (the release that measured them); the files predate the field. */
const SHIPPED_MEASURED_AT = '2026-11-23T00:00:00.000Z';

/** A shipped table as a calibration record, like one `abgleich model calibrate` stores: the FNMR at each declared FMR is read from the table. */
export function shippedCalibrationRecord(table: CalibrationTable): ModelCalibration {
  const calibration = new Calibration(table);
  const floor = lowestSupportedFmr(table.impostorComparisons);
  const fnmrAtFmr: FnmrAtFmr[] = DECLARED_FMRS.map((fmr) => {
    if (fmr < floor || fmr < table.points[0]!.fmr) return { fmr, supported: false, threshold: null, fnmr: null, interval: null, misses: null };
    const fnmr = calibration.fnmrAtFmr(fmr);
    const misses = Math.round(fnmr * table.genuineComparisons);
    return { fmr, supported: true, threshold: Number(calibration.scoreAtFmr(fmr).toFixed(6)), fnmr, interval: wilson(misses, table.genuineComparisons), misses };
  });
  const det = [...table.points].reverse().filter((p) => p.fmr >= floor).map(({ fmr, fnmr }) => ({ fmr, fnmr }));
  return {
    ...table, calibratedAt: SHIPPED_MEASURED_AT, source: 'shipped',
    report: { genuineComparisons: table.genuineComparisons, impostorComparisons: table.impostorComparisons, lowestSupportedFmr: floor, fnmrAtFmr, qualityBandFmr: null, qualityBands: [], det },
  };
}

/** Reads the table shipped in calibration/ for a model on first use, as a calibration record; ABG_ERR_CONFIG when it was measured for another model (or version). */
export function shippedCalibration(file: string, model: string): () => ModelCalibration {
  let loaded: ModelCalibration | undefined;
  return () => {
    if (!loaded) {
      const table = JSON.parse(readFileSync(`${calibrationDir}${file}`, 'utf8')) as CalibrationTable;
      if (table.model !== model) fail('ABG_ERR_CONFIG', `No calibration is shipped for model ${model}.`);
      loaded = shippedCalibrationRecord(table);
    }
    return loaded;
  };
}
