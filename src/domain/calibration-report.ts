// What a calibration measured for a face model on a labelled set: the figures an accuracy
// declaration states (docs/models.md#calibration).

/** FNMR at the threshold for one target FMR, with its 95 % Wilson interval. */
export interface FnmrAtFmr {
  fmr: number;
  /** False when the target is below what the impostor comparisons can show (rule of three). */
  supported: boolean;
  threshold: number | null;
  fnmr: number | null;
  /** 95 % Wilson score interval of the FNMR. */
  interval: [number, number] | null;
  misses: number | null;
}

/** FNMR of the genuine comparisons whose lower image quality falls in [from, to). */
export interface QualityBand {
  from: number;
  to: number;
  genuineComparisons: number;
  misses: number;
  fnmr: number | null;
  interval: [number, number] | null;
}

export interface CalibrationReport {
  genuineComparisons: number;
  impostorComparisons: number;
  /** The lowest FMR the sample supports: 3 / impostor comparisons (rule of three, 95 %). */
  lowestSupportedFmr: number;
  fnmrAtFmr: FnmrAtFmr[];
  /** Bands by unified quality (ISO/IEC 29794-5 style score, 0–100) at `qualityBandFmr`. */
  qualityBandFmr: number | null;
  qualityBands: QualityBand[];
  /** DET curve points (FMR ascending). */
  det: { fmr: number; fnmr: number }[];
}
