// Store interface of registered face models: the manifest, the file's hash and, once measured, the calibration.
import type { ModelCalibration, RegisteredFaceModel } from '../domain/face-model.ts';

export interface FaceModelStore {
  /** ABG_ERR_CONFLICT when the id or the alias is taken. */
  insert(m: RegisteredFaceModel): Promise<void>;
  get(id: string): Promise<RegisteredFaceModel | undefined>;
  /** Every registered model, oldest first. */
  list(): Promise<RegisteredFaceModel[]>;
  /** Sets (or replaces) the model's calibration; false when no such model. */
  setCalibration(id: string, calibration: ModelCalibration): Promise<boolean>;
  /** Keeps a calibration measured on this deployment (of a registered or a built-in model, `calibration.model`) in the history; ABG_ERR_CONFLICT for a second one of the model at the same instant. */
  addCalibration(calibration: ModelCalibration): Promise<void>;
  /** The calibrations measured on this deployment, of one model or of all, oldest first. */
  calibrations(modelId?: string): Promise<ModelCalibration[]>;
}
