// What the model service needs from the edge to register a licensed face model: the checks on
// its manifest and file, a place to keep the file, and a way to hand the model to the face engine.
import type { ModelCalibration, ModelLicence, RegisteredFaceModel } from '../../domain/face-model.ts';

/** A model whose manifest and file passed every check, not yet registered. */
export interface CheckedFaceModel {
  id: string;
  alias: string;
  dimension: number;
  sha256: string;
  manifest: Record<string, unknown>;
  /** Copies the file to where the server loads it from; returns what undoes the copy. */
  keep(): Promise<() => Promise<void>>;
}

export interface FaceModelInstaller {
  /** Reads a manifest and the model beside it and checks both; throws the first failed check's coded error. */
  check(manifestPath: string): Promise<CheckedFaceModel>;
  /** Makes a registered model available to this process's face engine (again, with a new calibration). */
  offer(model: RegisteredFaceModel): void;
}

/** What GET /v1/models shows of a model beside its thresholds. */
export interface FaceModelInfo {
  alias: string;
  source: 'built-in' | 'registered';
  licence: Omit<ModelLicence, 'licensee'> & { licensee?: string | undefined };
  /** The calibration the thresholds come from; null while the model has none. */
  calibration: Omit<ModelCalibration, 'points' | 'calibratedAt'> & { calibratedAt: string | null; detCurve?: boolean } | null;
  sha256?: string | undefined;
  addedAt?: string | undefined;
}
