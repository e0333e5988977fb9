// Registers tiny ONNX models in a server's data directory as an operator would (`abgleich model
// add`) and writes a synthetic calibration for each, before the server starts.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { runCli } from './cli-process.ts';
import { syntheticCalibration, writeTinyFaceModel } from './tiny-onnx-model.ts';

/** Adds each model (written under `vendorDir/<alias>`) to `dataDir` and calibrates it with made-up scores. */
export async function addCalibratedTinyModels(dataDir: string, vendorDir: string, models: (NonNullable<Parameters<typeof writeTinyFaceModel>[1]> & { id: string; alias: string })[]): Promise<void> {
  for (const m of models) {
    const dir = join(vendorDir, m.alias);
    mkdirSync(dir, { recursive: true });
    const r = runCli(['model', 'add', writeTinyFaceModel(dir, m).manifestPath, '--data', dataDir]);
    assert.equal(r.status, 0, r.stderr);
  }
  const store = await openStore(parseDatabaseUrl(`sqlite:${join(dataDir, 'abgleich.db')}`));
  for (const m of models) await store.faceModels.setCalibration(m.id, syntheticCalibration(m.id));
  await store.close();
}
