// What the workflows need from the face pipeline. The pipeline in src/signals/face implements it;
// services never see a model runtime.

import type { FaceLandmark, FaceQuality } from '../../domain/face.ts';
import type { ModelCalibration } from '../../domain/face-model.ts';
import type { FaceModelInfo } from './face-models.ts';

export type { FaceGeometry, FaceLandmark, FaceQuality, QualityVerdict } from '../../domain/face.ts';

export interface AnalysedFace {
  box: [number, number, number, number];
  detectionScore: number;
  /** Landmarks in image pixels, where the engine places them. */
  landmarks?: FaceLandmark[];
  quality: FaceQuality;
  embedding: Float32Array;
  modelId: string;
}

export interface FaceEngine {
  /**
   * Detects, aligns and embeds faces with the given model; the largest face first. `landmarks`
   * that came with the image (an exchange record's feature points, as the seven alignment points
   * rightEyeOuter … mouthLeft) place the face when the detector finds none.
   */
  analyse(image: Uint8Array, options: { modelId: string; allFaces?: boolean; landmarks?: FaceLandmark[] }): Promise<AnalysedFace[]>;
  /** Similarity of two templates of the same model (higher is more similar). */
  compare(modelId: string, a: Float32Array, b: Float32Array): number;
  /** Calibrated false-match rate at a score, from the model's calibration table. */
  fmrAtScore(modelId: string, score: number): number;
  /** The lowest score whose false-match rate is at most `fmr`. */
  scoreAtFmr(modelId: string, fmr: number): number;
  /** The false non-match rate the model's calibration measured at the threshold for `fmr`. */
  fnmrAtFmr?(modelId: string, fmr: number): number;
  /**
   * The similarity at or above which two templates of the model come from copies of one image
   * (re-encoded, resized, cropped), not from two photos of the person; undefined where not measured.
   */
  sameImageScore?(modelId: string): number | undefined;
  /** Models this engine can run. */
  models(): string[];
  /** Template dimension of a model. */
  dimension(modelId: string): number;
  /** Alias, licence and calibration state of a model. */
  describe?(modelId: string): FaceModelInfo;
  /** The model's active calibration record and, for a built-in model, the table shipped with it; null where there is none. */
  calibrations?(modelId: string): { active: ModelCalibration | null; shipped: ModelCalibration | null };
  /** Makes `record`, measured on this deployment, the active calibration of a built-in model; null: its shipped table again. */
  useCalibration?(modelId: string, record: ModelCalibration | null): void;
  /** Releases worker threads. */
  close?(): Promise<void>;
}
