import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAbgError } from '../../domain/errors.ts';
import { describeFaceModelContract } from './embedder.contract.ts';
import { FaceModelRegistry, faceModels, resolveModel } from './models.ts';

// Each registered model loads once (TF.js WASM, a few seconds).
for (const entry of faceModels()) describeFaceModelContract(entry);

test('models resolve by id or alias; the default is the first; unknown names and clashes are refused', () => {
  const [first, second] = faceModels();
  assert.equal(resolveModel(undefined), first);
  assert.equal(resolveModel(second!.alias), second);
  assert.equal(resolveModel(second!.id), second);
  assert.throws(() => resolveModel('nope'), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_UNKNOWN_MODEL');
  const registry = new FaceModelRegistry();
  registry.register(first!);
  assert.throws(() => registry.register({ ...second!, alias: first!.alias }), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_CONFIG');
  registry.register(second!);
  assert.deepEqual(registry.all().map((m) => m.id), [first!.id, second!.id]);
});
