// The shipped LFW table of the built-in default model as a calibration record, and a deployment
// calibrating that model on its own labelled set: the new table takes precedence (thresholds,
// searches, declaration), the shipped one stays in the history, and both survive a restart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbgError } from '../domain/errors.ts';
import { readLabelledFolder } from '../media/labelled-set.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import { declarationMarkdown } from '../services/accuracy-declaration.ts';
import { Calibration, type CalibrationTable } from '../signals/face/calibration.ts';
import { lfwAbsent } from '../testing/face-test-data.ts';
import { lfwLabelledFolder } from '../testing/lfw-labelled-folder.ts';
import { loadConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const shippedTable = JSON.parse(readFileSync(new URL('../signals/face/calibration/faceapi.json', import.meta.url), 'utf8')) as CalibrationTable;
const DEFAULT = shippedTable.model;

describe('built-in model calibration', () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-builtin-calib-'));
  const dataDir = join(root, 'data');
  const open = (dir = dataDir) => openRuntime(loadConfig({ env: {}, flags: { dataDir: dir } }), { logger: { warn: () => {}, info: () => {} } });
  let rt: Runtime;
  before(async () => {
    rt = await open();
    await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
  });
  after(async () => {
    await rt?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const historyOf = async (id: string) => (await rt.services.faceModels.catalogue()).find((m) => m.id === id)!.calibrations;

  test('the shipped LFW table is a calibration record with the same figures', async () => {
    const { faces } = rt.services.deps;
    const raw = new Calibration(shippedTable);
    for (const fmr of [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]) {
      assert.equal(faces.scoreAtFmr(DEFAULT, fmr), raw.scoreAtFmr(fmr), `threshold at ${fmr}`);
      assert.equal(faces.fnmrAtFmr!(DEFAULT, fmr), raw.fnmrAtFmr(fmr), `FNMR at ${fmr}`);
    }
    const d = await rt.services.calibrations.declaration('faceapi');
    assert.equal(d.shipped, true);
    assert.match(d.dataset.description, /View 2/);
    assert.deepEqual(d.sampleSizes, { genuineComparisons: 8090, impostorComparisons: 29609966 });
    assert.deepEqual(d.fnmrAtFmr.map((f) => [f.fmr, f.threshold, f.fnmr]), [1e-2, 1e-3, 1e-4, 1e-5].map((fmr) => [fmr, Number(raw.scoreAtFmr(fmr).toFixed(6)), raw.fnmrAtFmr(fmr)]));
    assert.ok(d.fnmrAtFmr.every((f) => f.interval![0] <= f.fnmr! && f.fnmr! <= f.interval![1]), 'each FNMR inside its interval');
    assert.match(declarationMarkdown(d), /public benchmark/);
    assert.match(await rt.services.calibrations.detSvg('faceapi'), /<svg/);
    assert.deepEqual((await historyOf(DEFAULT)).map((h) => [h.source, h.active]), [['shipped', true]]);
    assert.equal(rt.services.models().find((m) => m.id === DEFAULT)!.calibration!.calibratedAt, null, 'the list still marks the shipped table by a null date');
  });

  test('a deployment calibration takes precedence, the shipped one stays as history, over a restart', { skip: lfwAbsent }, async () => {
    const dir = lfwLabelledFolder(join(root, 'agency-set'), 10, 3);
    const d = await rt.services.calibrations.calibrate(null, 'faceapi', readLabelledFolder(dir));
    assert.equal(d.shipped, false);
    assert.equal(d.model.id, DEFAULT);
    assert.deepEqual(d.sampleSizes, { genuineComparisons: 30, impostorComparisons: 405 });

    const check = async (what: string) => {
      const { faces } = rt.services.deps;
      const stored = (await rt.services.deps.store.faceModels.calibrations(DEFAULT)).at(-1)!;
      assert.equal(faces.scoreAtFmr(DEFAULT, 1e-2), new Calibration(stored).scoreAtFmr(1e-2), `${what}: thresholds from the deployment's table`);
      assert.throws(() => faces.scoreAtFmr(DEFAULT, 1e-4), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_CONFIG', `${what}: 405 impostors cannot state 1e-4 (the shipped table could)`);
      assert.deepEqual(rt.services.models().find((m) => m.id === DEFAULT)!.thresholds.map((t) => t.fmr), [1e-2], what);
      assert.equal((await rt.services.calibrations.declaration(DEFAULT)).dataset.description, d.dataset.description, `${what}: declared`);
      const history = await historyOf(DEFAULT);
      assert.deepEqual(history.map((h) => [h.source, h.active, h.impostorComparisons]), [['measured', true, 405], ['shipped', false, 29609966]], what);
      assert.match(history[1]!.dataset, /View 2/);
    };
    await check('at once');
    let logged = 0;
    for await (const e of rt.auditLog.entries()) if (e.action === 'model.calibrated' && e.object?.id === DEFAULT) logged++;
    assert.equal(logged, 1, 'logged as a registered model calibration is');
    await rt.close();
    rt = await open();
    await check('after a restart');
    await rt.close();
    rt = await open(join(root, 'other-data'));
    assert.equal(rt.services.deps.faces.scoreAtFmr(DEFAULT, 1e-4), new Calibration(shippedTable).scoreAtFmr(1e-4), 'a data directory without one: the shipped table again');
  });
});
