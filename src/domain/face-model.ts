// A face model an agency registered from its own licensed ONNX file, as the store keeps it.

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
