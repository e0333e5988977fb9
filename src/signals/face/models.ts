// The face embedding models, one registry entry each: id, alias, licence note, the embedder
// factory, its dimension and its calibration. The default is the one with the best measured LFW
// accuracy (docs/face.md). Ids are stored with every template: never rename one. The built-in
// models are registered first; models added by configuration come through `register`.
import { fail } from '../../domain/errors.ts';
import type { ModelCalibration, ModelLicence } from '../../domain/face-model.ts';
import type { Embedder } from './types.ts';
import type { OnnxModelSpec } from './onnx/onnx-model-entry.ts';
import { Calibration, shippedCalibration } from './calibration.ts';
import { faceApiDimension, faceApiModelId } from './faceapi-embedder.ts';
import { createDefaultNetworkEmbedder } from './default-network-runtime.ts';
import { createFaceresEmbedder, faceresDimension, faceresModelId } from './faceres-embedder.ts';

export interface FaceModelEntry {
  /** Stable id `<package>/<model>@<version>`, equal to the embedder's. */
  readonly id: string;
  /** Short name accepted by the CLI and the configuration. */
  readonly alias: string;
  /** Where the weights come from and on what terms, when that needs saying. */
  readonly licence?: string;
  /** The licence of a registered model, from its manifest. */
  readonly terms?: ModelLicence;
  /** A registered ONNX model: what a worker thread needs to build the same entry. */
  readonly onnx?: OnnxModelSpec;
  /** Template dimension: the embedder module's own constant, known before the model loads. */
  readonly dimension: number;
  create(): Promise<Embedder>;
  /** Score → false-match-rate table measured for this model; ABG_ERR_MODEL_UNCALIBRATED when none was measured yet. */
  calibration(): Calibration;
  /** The calibration record the table comes from (the shipped one, or one measured on this deployment); ABG_ERR_MODEL_UNCALIBRATED when none. */
  calibrationRecord(): ModelCalibration;
  /** The table shipped with a built-in model, kept as history once the deployment calibrated the model itself. */
  readonly shipped?: () => ModelCalibration;
  /** Similarity at or above which two templates come from copies of one image, not two photos of the person (bench/release-copies). */
  readonly sameImageScore?: number;
}

export class FaceModelRegistry {
  #entries: FaceModelEntry[] = [];

  /** Adds a model; ABG_ERR_CONFIG when its id or alias is taken. */
  register(entry: FaceModelEntry): void {
    const clash = this.#entries.find((m) => [m.id, m.alias].some((k) => k === entry.id || k === entry.alias));
    if (clash) fail('ABG_ERR_CONFIG', `Face model ${entry.id} (${entry.alias}) clashes with ${clash.id} (${clash.alias}).`);
    this.#entries.push(entry);
  }

  /** Puts `entry` in the place of the registered model with its id (a new calibration); adds it when there is none. */
  replace(entry: FaceModelEntry): void {
    const i = this.#entries.findIndex((m) => m.id === entry.id);
    if (i < 0 || !this.#entries[i]!.onnx) this.register(entry);
    else this.#entries[i] = entry;
  }

  /** Makes `record`, measured on this deployment, the calibration of a built-in model (its shipped table stays as `shipped`); null: the shipped table again. */
  useCalibration(id: string, record: ModelCalibration | null): void {
    const i = this.#entries.findIndex((m) => m.id === id && !m.onnx);
    if (i < 0) fail('ABG_ERR_UNKNOWN_MODEL', id);
    const entry = this.#entries[i]!;
    this.#entries[i] = withCalibration(entry, record ?? entry.shipped?.() ?? null);
  }

  /** Every model, the default first. */
  all(): readonly FaceModelEntry[] {
    return this.#entries;
  }

  /** Resolves a full id or an alias (none: the default); throws ABG_ERR_UNKNOWN_MODEL otherwise. */
  resolve(idOrAlias: string | undefined): FaceModelEntry {
    const key = idOrAlias ?? this.#entries[0]?.id;
    return this.#entries.find((m) => m.id === key || m.alias === key)
      ?? fail('ABG_ERR_UNKNOWN_MODEL', `"${key}"; installed: ${this.#entries.map((m) => `${m.id} (${m.alias})`).join(', ')}.`);
  }
}

/** `entry` answering with `record`'s table. */
export function withCalibration(entry: FaceModelEntry, record: ModelCalibration | null): FaceModelEntry {
  const table = record && new Calibration(record);
  return {
    ...entry,
    calibration: () => table || fail('ABG_ERR_MODEL_UNCALIBRATED', entry.id),
    calibrationRecord: () => record || fail('ABG_ERR_MODEL_UNCALIBRATED', entry.id),
  };
}

/** A built-in entry on its shipped table, read on first use. */
function shippedEntry(entry: Omit<FaceModelEntry, 'calibration' | 'calibrationRecord' | 'shipped'>, file: string): FaceModelEntry {
  const shipped = shippedCalibration(file, entry.id);
  let table: Calibration | undefined;
  return { ...entry, shipped, calibrationRecord: shipped, calibration: () => (table ??= new Calibration(shipped())) };
}

// Measured on LFW by `npm run bench -- release-copies` (docs/workflow.md, "No onward transfer").
const FACEAPI_SAME_IMAGE = 0.993;
const FACERES_SAME_IMAGE = 0.953;

/** The models installed with the package. */
function builtInModels(): FaceModelEntry[] {
  const faceapi = faceApiModelId(), faceres = faceresModelId();
  return [
    shippedEntry({
      id: faceapi, alias: 'faceapi', dimension: faceApiDimension,
      licence: "MIT; weights ported from dlib's public-domain ResNet face descriptor",
      create: () => createDefaultNetworkEmbedder(), sameImageScore: FACEAPI_SAME_IMAGE,
    }, 'faceapi.json'),
    shippedEntry({
      id: faceres, alias: 'faceres', dimension: faceresDimension,
      licence: 'MIT package; HSE-FaceRes weights: check the upstream terms before relying on them commercially',
      create: () => createFaceresEmbedder(), sameImageScore: FACERES_SAME_IMAGE,
    }, 'faceres.json'),
  ];
}

let registry: FaceModelRegistry | undefined;

/** This process's registry: the built-in models, then any registered later. */
export function faceModelRegistry(): FaceModelRegistry {
  if (!registry) {
    registry = new FaceModelRegistry();
    for (const m of builtInModels()) registry.register(m);
  }
  return registry;
}

/** Every registered model, the default first. */
export function faceModels(): readonly FaceModelEntry[] {
  return faceModelRegistry().all();
}

export function defaultModelId(): string {
  return faceModels()[0]!.id;
}

/** Resolves a full id or an alias; throws ABG_ERR_UNKNOWN_MODEL otherwise. */
export function resolveModel(idOrAlias: string | undefined): FaceModelEntry {
  return faceModelRegistry().resolve(idOrAlias);
}
