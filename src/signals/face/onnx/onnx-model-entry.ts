// A registered ONNX model as a face model registry entry. The spec is plain data, so the pool
// can hand it to its worker threads, which build the same entry and their own session.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { RegisteredFaceModel } from '../../../domain/face-model.ts';
import { fail } from '../../../domain/errors.ts';
import { faceModelRegistry, withCalibration, type FaceModelEntry } from '../models.ts';
import { parseManifest } from './manifest.ts';
import { createOnnxEmbedder } from './onnx-embedder.ts';

export interface OnnxModelSpec {
  model: RegisteredFaceModel;
  /** The .onnx file the server loads (the registered copy in the data directory). */
  file: string;
  /** ONNX Runtime intra-op threads per session. */
  threads: number;
}

/** The registry entry of a registered model; its embedder refuses a file whose hash is no longer the registered one. */
export function onnxModelEntry(spec: OnnxModelSpec): FaceModelEntry {
  const { model } = spec;
  const manifest = parseManifest(model.manifest);
  return withCalibration({
    id: model.id,
    alias: model.alias,
    dimension: model.dimension,
    licence: `${manifest.licence.name}, licensed to ${manifest.licence.licensee}`,
    terms: manifest.licence,
    onnx: spec,
    async create() {
      const bytes = new Uint8Array(await readFile(spec.file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== model.sha256) fail('ABG_ERR_MODEL_HASH_MISMATCH', `${spec.file} is ${sha256}; ${model.id} was registered as ${model.sha256}.`);
      return createOnnxEmbedder(bytes, manifest, { threads: spec.threads });
    },
    calibration: () => fail('ABG_ERR_MODEL_UNCALIBRATED', model.id),
    calibrationRecord: () => fail('ABG_ERR_MODEL_UNCALIBRATED', model.id),
  }, model.calibration);
}

/** Makes a registered model resolvable in this thread's registry (replacing an earlier state of it). */
export function offerOnnxModel(spec: OnnxModelSpec): void {
  faceModelRegistry().replace(onnxModelEntry(spec));
}
