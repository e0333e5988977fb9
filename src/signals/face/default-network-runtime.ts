// Which runtime computes the default 128-d network and the face detector: ONNX Runtime over graphs
// written from their weights (faster, the default) or TensorFlow.js. Both give the same descriptor
// under one model id, and the same landmarks.
// The composition root sets it from the configuration; the pool hands it to its workers.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder, FaceDetector } from './types.ts';
import { createFaceApiEmbedder } from './faceapi-embedder.ts';
import { createHumanDetector } from './human-detector.ts';
import type { FaceRuntime } from './runtime-names.ts';

export type { FaceRuntime } from './runtime-names.ts';

export interface DefaultNetworkRuntime {
  runtime: FaceRuntime;
  /** Where the ONNX graph is cached (the data directory's models/ folder in a server). */
  cacheDir: string;
  /** ONNX Runtime intra-op threads per worker. */
  threads: number;
}

let current: DefaultNetworkRuntime = { runtime: 'onnx', cacheDir: join(tmpdir(), 'abgleich-models'), threads: 1 };

/** Sets the runtime of the default network in this thread (pools started later pass it to their workers). */
export function setDefaultNetworkRuntime(r: DefaultNetworkRuntime): void {
  current = { ...r };
}

export function defaultNetworkRuntime(): DefaultNetworkRuntime {
  return current;
}

/** The default network's embedder on the configured runtime; ONNX Runtime loads only when it is the one. */
export async function createDefaultNetworkEmbedder(r: DefaultNetworkRuntime = current): Promise<Embedder> {
  if (r.runtime === 'tfjs') return createFaceApiEmbedder();
  const { createDlibOnnxEmbedder } = await import('./onnx/dlib-resnet-model.ts');
  return createDlibOnnxEmbedder(r.cacheDir, { threads: r.threads });
}

/**
 * The face detector on the same runtime: on ONNX Runtime the MediaPipe models Human runs,
 * converted and cached beside the default network's graph, with Human's processing
 * (mediapipe/onnx-face-detector.ts); on TensorFlow.js Human itself. Both place the same landmarks.
 */
export async function createDefaultDetector(r: DefaultNetworkRuntime = current): Promise<FaceDetector> {
  if (r.runtime === 'tfjs') return createHumanDetector();
  const { createOnnxFaceDetector } = await import('./mediapipe/onnx-face-detector.ts');
  return createOnnxFaceDetector({ cacheDir: r.cacheDir, threads: r.threads });
}
