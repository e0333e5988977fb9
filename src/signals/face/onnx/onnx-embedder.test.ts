import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredFaceModel } from '../../../domain/face-model.ts';
import { isAbgError } from '../../../domain/errors.ts';
import { syntheticCalibration, writeTinyFaceModel } from '../../../testing/tiny-onnx-model.ts';
import { describeFaceModelContract } from '../embedder.contract.ts';
import { syntheticChip } from '../test-chip.ts';
import { createOnnxEmbedder } from './onnx-embedder.ts';
import { onnxModelEntry } from './onnx-model-entry.ts';
import { parseManifest } from './manifest.ts';
import { readFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'abg-onnx-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function registered(name: string, calibrated: boolean): { model: RegisteredFaceModel; file: string } {
  const { manifest, modelPath } = writeTinyFaceModel(dir, { name, id: `abgleich-test/${name}@1.0`, alias: name });
  const model: RegisteredFaceModel = {
    id: manifest.id, alias: manifest.alias, manifest: manifest as unknown as Record<string, unknown>, sha256: manifest.sha256, dimension: manifest.output.dimension,
    addedAt: new Date().toISOString(), calibration: calibrated ? syntheticCalibration(manifest.id) : null,
  };
  return { model, file: modelPath };
}

const calibrated = registered('tiny-calibrated', true);
const uncalibrated = registered('tiny-uncalibrated', false);
describeFaceModelContract(onnxModelEntry({ ...calibrated, threads: 1 }));
describeFaceModelContract(onnxModelEntry({ ...uncalibrated, threads: 1 }));

test('an uncalibrated model states no false-match rate', () => {
  const entry = onnxModelEntry({ ...uncalibrated, threads: 1 });
  assert.throws(() => entry.calibration(), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_MODEL_UNCALIBRATED');
  assert.equal(onnxModelEntry({ ...calibrated, threads: 1 }).calibration().table.dataset, 'synthetic scores');
});

test('the embedder refuses to load a file whose hash is no longer the registered one', async () => {
  const entry = onnxModelEntry({ model: { ...calibrated.model, sha256: 'f'.repeat(64) }, file: calibrated.file, threads: 1 });
  await assert.rejects(entry.create(), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_MODEL_HASH_MISMATCH');
});

test('NCHW and NHWC graphs, batched or one chip per run, give the same vectors for the same weights', async () => {
  const variants = [{ layout: 'NCHW' as const, batch: 'N' as const }, { layout: 'NHWC' as const, batch: 'N' as const }, { layout: 'NCHW' as const, batch: 1 as const }];
  const chips = [1, 2, 3].map((seed) => syntheticChip(112, seed));
  const results: Float32Array[][] = [];
  for (const [i, v] of variants.entries()) {
    const { manifest, modelPath } = writeTinyFaceModel(dir, { ...v, name: `variant-${i}` });
    const embedder = await createOnnxEmbedder(new Uint8Array(readFileSync(modelPath)), parseManifest(manifest));
    results.push(await embedder.embed(chips));
    await embedder.dispose();
  }
  for (const other of results.slice(1)) {
    for (const [k, v] of other.entries()) assert.ok(v.every((x, j) => Math.abs(x - results[0]![k]![j]!) < 1e-5), `chip ${k}`);
  }
});

test('colour order matters: the BGR reading of a coloured chip differs from the RGB one', async () => {
  const { manifest, modelPath } = writeTinyFaceModel(dir, { name: 'colour' });
  const bytes = new Uint8Array(readFileSync(modelPath));
  const rgb = await createOnnxEmbedder(bytes, parseManifest(manifest));
  const bgr = await createOnnxEmbedder(bytes, parseManifest({ ...manifest, input: { ...manifest.input, colorOrder: 'BGR' } }));
  const chip = syntheticChip(112, 4);
  const [a] = await rgb.embed([chip]);
  const [b] = await bgr.embed([chip]);
  assert.ok(a!.some((x, i) => Math.abs(x - b![i]!) > 1e-3));
  await rgb.dispose();
  await bgr.dispose();
});
