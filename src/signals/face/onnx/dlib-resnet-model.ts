// The default network on the ONNX path: its graph is written at first use from the weights the
// TensorFlow.js path loads, cached in the data directory with its sha256 (checked on every load,
// rebuilt when absent or changed), and run by the same embedder as every licensed model. It keeps
// the TF.js model's id: both compute the same descriptor, so stored templates stay comparable.
import type { Embedder } from '../types.ts';
import { faceApiModelId } from '../faceapi-embedder.ts';
import { packageVersion } from '../runtime.ts';
import { buildDlibResnetOnnx, DLIB_RESNET_INPUT, DLIB_RESNET_OUTPUT } from './dlib-resnet-graph.ts';
import { MANIFEST_FORMAT, type ModelManifest } from './manifest.ts';
import { createOnnxEmbedder, type OnnxSessionOptions } from './onnx-embedder.ts';
import { ensureCachedGraph, type CachedGraph } from './onnx-graph-cache.ts';

/** File name of the cached graph, tied to the weights package's version. */
export function dlibResnetFileName(): string {
  return `dlib-resnet-128-face-api-${packageVersion('@vladmandic/face-api')}.onnx`;
}

/** The cached graph in `dir` (its sha256 in a file beside it); written when absent or when the file no longer has that hash. */
export function ensureDlibResnetOnnx(dir: string): CachedGraph {
  return ensureCachedGraph(dir, dlibResnetFileName(), () => buildDlibResnetOnnx());
}

/** The manifest of the default network, generated in code (the hash is the built graph's); its id keeps the scoped package name the schema's id rule does not allow for added models. */
export function dlibResnetManifest(hash: string): ModelManifest {
  return {
    format: MANIFEST_FORMAT,
    id: faceApiModelId(),
    alias: 'faceapi',
    file: dlibResnetFileName(),
    sha256: hash,
    input: { name: DLIB_RESNET_INPUT, size: 150, layout: 'NCHW', colorOrder: 'RGB', normalisation: { mean: [122.782, 117.001, 104.298], std: [255, 255, 255] } },
    alignment: { template: 'dlib-150', padding: 0.25 },
    flip: true,
    output: { name: DLIB_RESNET_OUTPUT, dimension: 128 },
    licence: {
      name: 'CC0-1.0, dlib (Davis King)',
      url: 'https://creativecommons.org/publicdomain/zero/1.0/',
      text: "dlib's ResNet face recognition weights are dedicated to the public domain (CC0 1.0); face-api (MIT, Vladimir Mandic) carries the port of them this graph is written from.",
      licensee: 'public domain: no licence needed',
    },
  };
}

/** The default network's embedder on ONNX Runtime, its graph cached in `cacheDir`. */
export async function createDlibOnnxEmbedder(cacheDir: string, options: OnnxSessionOptions = {}): Promise<Embedder> {
  const { bytes, sha256: hash } = ensureDlibResnetOnnx(cacheDir);
  return createOnnxEmbedder(bytes, dlibResnetManifest(hash), options);
}
