// What the calibration service needs from the edge: a labelled set to read, and the engine that
// turns comparison scores into a table, a report and a DET curve.
import type { CalibrationReport } from '../../domain/calibration-report.ts';
import type { ModelCalibration } from '../../domain/face-model.ts';

/** One image of a labelled set: whose face it shows and how to read its bytes. */
export interface LabelledImage {
  person: string;
  /** Its path inside the set, '/'-separated. */
  name: string;
  read(): Promise<Uint8Array>;
}

/** A labelled set: one folder per person, or LFW-style pairs over such folders. */
export interface LabelledSet {
  kind: 'folders' | 'pairs';
  /** Where it came from, as the declaration names it (a folder or file name, never a host path beyond it). */
  name: string;
  images: LabelledImage[];
  /** For kind 'pairs': the listed comparisons (indices into images). */
  pairs?: { a: number; b: number; genuine: boolean }[];
}

/** One comparison score and the lower unified quality (0–100) of its two images. */
export interface ScoredComparison {
  score: number;
  quality?: number | undefined;
}

export interface CalibrationEngine {
  /** The score → FMR table, never below 3 / impostor comparisons. */
  table(model: string, dataset: string, genuine: number[], impostor: number[]): Omit<ModelCalibration, 'calibratedAt' | 'report'>;
  /** FNMR at the declared FMRs with intervals, by quality band, and the DET points. */
  measure(genuine: ScoredComparison[], impostor: ScoredComparison[]): CalibrationReport;
  /** The DET curve as SVG. */
  detSvg(report: CalibrationReport, title: string): string;
}
