// A running server sees face models added or calibrated on its host with the local commands
// (`abgleich model add` beside `abgleich serve`) without a restart: at once on GET /v1/models, and
// on its own every modelRefreshSeconds. Real server and CLI processes over one SQLite file.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../store/kysely/connect.ts';
import { openStore } from '../store/kysely/kysely-store.ts';
import { runCliAsync } from '../testing/cli-process.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { syntheticCalibration, writeTinyFaceModel } from '../testing/tiny-onnx-model.ts';

describe('models added on the host beside a running server', { timeout: 3 * 60_000, concurrency: true }, () => {
  const vendor = mkdtempSync(join(tmpdir(), 'abg-refresh-vendor-'));
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
    rmSync(vendor, { recursive: true, force: true });
  });

  const api = async (server: ServerProcess, method: string, path: string, body?: unknown) => {
    const r = await fetch(server.url + path, { method, headers: { authorization: `Bearer ${server.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return { status: r.status, json: (await r.json()) as any };
  };
  const addModel = async (server: ServerProcess, id: string, alias: string) => {
    const dir = join(vendor, alias);
    mkdirSync(dir, { recursive: true });
    const r = await runCliAsync(['model', 'add', writeTinyFaceModel(dir, { id, alias }).manifestPath, '--data', server.dataDir]);
    assert.equal(r.status, 0, r.stderr);
  };
  const gallery = (server: ServerProcess, modelId: string) =>
    api(server, 'POST', '/v1/galleries', { name: `On ${modelId}`, kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId, thresholdFmr: 1e-3 });

  test('GET /v1/models offers a model added and calibrated since the server started', async () => {
    const server = await startServerProcess({ env: { ABGLEICH_MODEL_REFRESH_SECONDS: '0' } });
    servers.push(server);
    const id = 'vendor-test/late@1';
    await addModel(server, id, 'late');
    assert.equal((await gallery(server, id)).json.error?.code, 'ABG_ERR_UNKNOWN_MODEL', 'not offered before anything looks');
    const listed = (await api(server, 'GET', '/v1/models')).json.models.find((m: { id: string }) => m.id === id);
    assert.deepEqual([listed?.alias, listed?.source, listed?.calibration], ['late', 'registered', null]);
    assert.equal((await gallery(server, id)).status, 201, 'a gallery can use it now');

    const store = await openStore(parseDatabaseUrl(`sqlite:${join(server.dataDir, 'abgleich.db')}`));
    await store.faceModels.setCalibration(id, syntheticCalibration(id));
    await store.close();
    const calibrated = (await api(server, 'GET', '/v1/models')).json.models.find((m: { id: string }) => m.id === id);
    assert.equal(calibrated.calibration?.model, id, 'the calibration made on the host is the one served');
    assert.ok(calibrated.thresholds.length > 0);
  });

  test('the server offers it on its own every modelRefreshSeconds', async () => {
    const server = await startServerProcess({ env: { ABGLEICH_MODEL_REFRESH_SECONDS: '0.2' } });
    servers.push(server);
    const id = 'vendor-test/timed@1';
    await addModel(server, id, 'timed');
    let status = 0;
    for (let i = 0; i < 50 && status !== 201; i++) {
      status = (await gallery(server, id)).status;
      if (status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 201, 'offered without GET /v1/models');
  });
});
