// Messages between the pool and its worker threads.
import type { ErrorCode } from '../../domain/errors.ts';
import type { DecodeLimits } from '../../media/decode.ts';
import type { FaceAnalysis } from './pipeline.ts';
import type { FaceLandmarks } from './types.ts';
import type { QualityThresholds } from './quality.ts';
import type { OnnxModelSpec } from './onnx/onnx-model-entry.ts';
import type { DefaultNetworkRuntime } from './default-network-runtime.ts';

export interface WorkerInit {
  model: string;
  /** A registered ONNX model, which the worker's own registry does not hold yet. */
  onnx?: OnnxModelSpec;
  /** The runtime of the default network, as the pool's thread had it. */
  defaultRuntime?: DefaultNetworkRuntime;
  thresholds?: QualityThresholds;
  decode?: { limits?: Partial<DecodeLimits> };
}

export interface WorkerRequest {
  id: number;
  bytes: Uint8Array;
  allFaces: boolean;
  /** Landmarks given with the image, used for alignment when no face is detected. */
  landmarks?: FaceLandmarks;
}

export type WorkerResponse =
  | { type: 'ready'; model: string }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; analysis: FaceAnalysis }
  | { type: 'error'; id: number; code: ErrorCode; detail: string; details?: Record<string, unknown> | undefined };
