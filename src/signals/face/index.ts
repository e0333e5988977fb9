// The face signal's public surface for services, the API and the CLI. Model runtimes stay
// behind it: callers get faces, templates, calibrations and quality reports, never tensors.
export { FaceWorkerPool, checkPoolSize, type FacePoolOptions } from './pool.ts';
export type { EmbeddedFace, FaceAnalysis, AnalyseOptions } from './pipeline.ts';
export { Calibration, type CalibrationTable, type CalibrationPoint } from './calibration.ts';
export { defaultQualityThresholds, type QualityReport, type QualityThresholds, type QualityDecision } from './quality.ts';
export { FaceModelRegistry, faceModelRegistry, faceModels, defaultModelId, resolveModel, type FaceModelEntry } from './models.ts';
export { cosine } from './vector.ts';
export type { Box, FaceLandmarks, HeadPose, Point } from './types.ts';
