// Which vector index each face model's templates live in: `faceIndexByModel` (keyed by model id
// or alias) over `faceIndex`. A key that names no model of the engine is a configuration error.
// 'flat' is kept as an alias of 'exact': the same answers, from the faster scan.
import { fail } from '../domain/errors.ts';
import type { VectorIndexKindName } from '../index/kinds.ts';
import type { Config } from './config.ts';

/** The index kind per model id, with every per-model key checked against the engine's models. */
export async function faceIndexKinds(config: Pick<Config, 'faceIndex' | 'faceIndexByModel'>, models: readonly string[]): Promise<(modelId: string) => VectorIndexKindName> {
  const byId = new Map<string, VectorIndexKindName>();
  for (const [key, kind] of Object.entries(config.faceIndexByModel)) {
    const id = models.includes(key) ? key : await modelIdOfAlias(key);
    if (id === undefined || !models.includes(id)) fail('ABG_ERR_CONFIG', `faceIndexByModel: "${key}" names no installed face model (${models.join(', ')}).`);
    byId.set(id, resolveAlias(kind));
  }
  return (modelId) => byId.get(modelId) ?? resolveAlias(config.faceIndex);
}

async function modelIdOfAlias(alias: string): Promise<string | undefined> {
  // Loaded on demand, like the engine: only a configuration that names a model by alias needs it.
  const { faceModels } = await import('../signals/face/models.ts');
  return faceModels().find((m) => m.alias === alias)?.id;
}

function resolveAlias(kind: VectorIndexKindName): VectorIndexKindName {
  return kind === 'flat' ? 'exact' : kind;
}
