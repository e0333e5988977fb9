// A face model an agency registered from its own licensed ONNX file, as the store keeps it.
import type { CalibrationReport } from './calibration-report.ts';

/** Who may use the weights and on what terms (from the model's manifest). */
export interface ModelLicence {
  name: string;
  url?: string | undefined;
  text?: string | undefined;
  licensee: string;
}

/** Score → false-match-rate table measured for a model on a labelled set. */
export interface ModelCalibration {
  /** The model id the table was measured for. */
  model: string;
  dataset: string;
  genuineComparisons: number;
  impostorComparisons: number;
  /** Sorted by descending score (ascending FMR). */
  points: { score: number; fmr: number; fnmr: number }[];
  calibratedAt: string;
  /** What the calibration measured (absent on tables measured before calibration was a command). */
  report?: CalibrationReport | undefined;
  /** SHA-256 over the labelled set's names and bytes in order, hex. */
  datasetDigest?: string | undefined;
  /** Images that could not be read or showed no face, by error code. */
  unusable?: Record<string, number> | undefined;
  /** `shipped`: the table installed with a built-in model; `measured`: `abgleich model calibrate` on this deployment (absent on older records: measured). */
  source?: 'shipped' | 'measured' | undefined;
}

/** One entry of a model's calibration history as GET /v1/models lists it. */
export interface CalibrationHistoryEntry {
  dataset: string;
  source: 'shipped' | 'measured';
  /** Null for a shipped table that does not record when it was measured. */
  calibratedAt: string | null;
  genuineComparisons: number;
  impostorComparisons: number;
  /** The one the thresholds, searches and the accuracy declaration use. */
  active: boolean;
}

export interface RegisteredFaceModel {
  /** Stable id `<vendor>/<model>@<version>`, stored with every template. */
  id: string;
  alias: string;
  /** The validated manifest as it was added (docs/models.md). */
  manifest: Record<string, unknown>;
  /** SHA-256 of the .onnx file, hex. */
  sha256: string;
  dimension: number;
  addedAt: string;
  /** Null until the model is calibrated. */
  calibration: ModelCalibration | null;
}
