// Calibrating a registered model end to end through the runtime over a real SQLite file: the
// tiny ONNX model on a labelled folder and on LFW-style pairs built from LFW (skipped when the
// shared data is absent), and bad input — each refused with its code, nothing stored, nothing logged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Actor } from '../domain/entities.ts';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import { readLabelledFolder, readLabelledPairs } from '../media/labelled-set.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import { declarationMarkdown } from '../services/accuracy-declaration.ts';
import { Calibration } from '../signals/face/calibration.ts';
import { lfw, lfwAbsent } from '../testing/face-test-data.ts';
import { lfwLabelledFolder } from '../testing/lfw-labelled-folder.ts';
import { makePng } from '../testing/make-png.ts';
import { writeTinyFaceModel } from '../testing/tiny-onnx-model.ts';
import { loadConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const MODEL = 'vendor/tiny-calib@1.0';

describe('model calibration', () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-calib-'));
  const dataDir = join(root, 'data');
  const open = () => openRuntime(loadConfig({ env: {}, flags: { dataDir } }), { logger: { warn: () => {}, info: () => {} } });
  let rt: Runtime;
  let admin: Actor;
  before(async () => {
    rt = await open();
    const { agency, user } = await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
    admin = { userId: user.id, agencyId: agency.id, roles: ['admin'], hostAgency: true };
    const dir = join(root, 'vendor');
    mkdirSync(dir);
    await rt.services.faceModels.add(writeTinyFaceModel(dir, { id: MODEL, alias: 'tiny-calib' }).manifestPath);
  });
  after(async () => {
    await rt?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** A folder set of `people` people with `each` images made by `image(person, i)`. */
  const folderSet = (name: string, people: number, each: number, image: (p: number, i: number) => Buffer) => {
    const dir = join(root, name);
    for (let p = 0; p < people; p++) {
      mkdirSync(join(dir, `Person_${p}`), { recursive: true });
      for (let i = 1; i <= each; i++) writeFileSync(join(dir, `Person_${p}`, `Person_${p}_${String(i).padStart(4, '0')}.png`), image(p, i));
    }
    return dir;
  };
  /** A flat grey 96×96 PNG (each row: filter byte 0, then the pixels): decodes, shows no face. */
  const grey = (p: number, i: number) => {
    const rows = Buffer.alloc(97 * 96, (p * 31 + i * 7) % 250);
    for (let y = 0; y < 96; y++) rows[y * 97] = 0;
    return makePng(96, 96, deflateSync(rows));
  };

  const refused = async (what: string, run: () => Promise<unknown>, code: ErrorCode, detail?: RegExp) => {
    await assert.rejects(run(), (e: unknown) => isAbgError(e) && e.code === code && (!detail || detail.test(e.message)), what);
  };

  test('bad input is refused with its code and stores nothing', async () => {
    const small = folderSet('small', 3, 3, grey);
    const faceless = folderSet('faceless', 12, 3, grey);
    writeFileSync(join(faceless, 'Person_0', 'Person_0_0009.jpg'), 'not a jpeg');
    const badPairs = join(root, 'bad-pairs.txt');
    writeFileSync(badPairs, '10\t300\nAbel_Pacheco\t1\n');
    const c = rt.services.calibrations;
    await refused('unknown model', () => c.calibrate(null, 'vendor/none@1', readLabelledFolder(small)), 'ABG_ERR_UNKNOWN_MODEL');
    await refused('a built-in model on a set too small', () => c.calibrate(null, 'faceapi', readLabelledFolder(small)), 'ABG_ERR_CALIBRATION_TOO_SMALL');
    await refused('three people', () => c.calibrate(null, MODEL, readLabelledFolder(small)), 'ABG_ERR_CALIBRATION_TOO_SMALL', /3 people.*minimum is 10 people/);
    await refused('no face in any image, one unreadable', () => c.calibrate(null, MODEL, readLabelledFolder(faceless)), 'ABG_ERR_CALIBRATION_TOO_SMALL', /0 people/);
    await refused('a malformed pairs file', async () => c.calibrate(null, MODEL, readLabelledPairs(badPairs, lfw)), 'ABG_ERR_CALIBRATION_SET', /Line 2/);
    await refused('a missing folder', async () => c.calibrate(null, MODEL, readLabelledFolder(join(root, 'nowhere'))), 'ABG_ERR_FILE_NOT_FOUND');
    const examiner = { ...admin, roles: ['examiner' as const] };
    await refused('an examiner', () => c.calibrate(examiner, MODEL, readLabelledFolder(small)), 'ABG_ERR_FORBIDDEN');
    assert.equal((await rt.services.deps.store.faceModels.get(MODEL))?.calibration, null);
    assert.equal(await countCalibrated(rt), 0);
    await refused('search figures stay refused', async () => rt.services.deps.faces.scoreAtFmr(MODEL, 1e-2), 'ABG_ERR_MODEL_UNCALIBRATED');
  });

  const identificationGallery = () => rt.services.galleries.create(admin, { name: `Wanted ${Math.random()}`, kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: MODEL, requiredFpir: 0.05 });

  test('identification mode needs a calibrated model; investigation mode does not', async () => {
    await refused('identification on the uncalibrated model', identificationGallery, 'ABG_ERR_MODEL_UNCALIBRATED', /identification mode/);
    const g = await rt.services.galleries.create(admin, { name: 'Investigations', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: MODEL });
    await refused('switching it to identification', () => rt.services.galleries.update(admin, g.id, { requiredFpir: 0.05 }), 'ABG_ERR_MODEL_UNCALIBRATED');
    assert.equal((await rt.services.galleries.get(admin, g.id)).requiredFpir, null);
  });

  test('the faceless set reports every unusable image by its reason', async () => {
    const e = await rt.services.calibrations.calibrate(null, MODEL, readLabelledFolder(join(root, 'faceless'))).catch((x: unknown) => x);
    assert.ok(isAbgError(e));
    assert.match(e.message, /36 no face/);
    assert.match(e.message, /1 ABG_ERR_UNSUPPORTED_IMAGE/, 'the file that is not an image');
  });

  test('LFW folders: calibrated, stored, logged, declared, used by searches, kept over a restart', { skip: lfwAbsent }, async () => {
    const dir = lfwLabelledFolder(join(root, 'lfw-12'), 12, 3);
    const progress: number[] = [];
    const d = await rt.services.calibrations.calibrate(null, 'tiny-calib', readLabelledFolder(dir), (done, total) => { progress.push(done); assert.equal(total, 36); });
    assert.deepEqual(progress, Array.from({ length: 36 }, (_, i) => i + 1));
    assert.equal(d.model.id, MODEL);
    assert.equal(d.licence.licensee, 'Abgleich tests');
    assert.equal(d.sampleSizes.genuineComparisons, 36, '12 people × 3 pairs of 3 images (every LFW image has a face)');
    assert.equal(d.sampleSizes.impostorComparisons, 630 - 36);
    assert.equal(d.supportedFmrRange[0], 3 / 594);
    assert.deepEqual(d.fnmrAtFmr.map((f) => f.supported), [true, false, false, false], 'only 1e-2 is within 3 / 594');
    assert.match(d.dataset.digest!, /^[0-9a-f]{64}$/);

    const stored = (await rt.services.deps.store.faceModels.get(MODEL))!.calibration!;
    assert.equal(stored.report?.impostorComparisons, 594);
    const table = new Calibration(stored);
    assert.equal(rt.services.deps.faces.fmrAtScore(MODEL, 0.5), table.fmrAtScore(0.5), 'searches read the stored table');
    assert.equal(rt.services.deps.faces.scoreAtFmr(MODEL, 1e-2), table.scoreAtFmr(1e-2));
    assert.equal(rt.services.models().find((m) => m.id === MODEL)!.thresholds.map((t) => t.fmr).join(), '0.01');
    assert.equal(await countCalibrated(rt), 1);
    assert.equal((await identificationGallery()).requiredFpir, 0.05, 'identification mode once calibrated');

    const md = declarationMarkdown(await rt.services.calibrations.declaration(MODEL));
    assert.match(md, /Art\. 13\(3\)\(b\)\(ii\)/);
    assert.match(md, /\| 0\.0001 \| — \| not supported by 594 impostor comparisons/);
    assert.match(await rt.services.calibrations.detSvg(MODEL), /False match rate/);

    await rt.close();
    rt = await open();
    assert.equal(rt.services.deps.faces.scoreAtFmr(MODEL, 1e-2), table.scoreAtFmr(1e-2), 'the calibration is offered again after a restart');
  });

  test('LFW-style pairs: only the listed comparisons count', { skip: lfwAbsent }, async () => {
    const dir = join(root, 'lfw-12');
    const people = readdirSync(dir).sort();
    const lines = ['1\t340'];
    for (const p of people) lines.push(`${p}\t1\t2`, `${p}\t2\t3`);
    for (let i = 0; i < people.length; i++) for (let j = 0; j < people.length; j++) if (i !== j) for (const n of [1, 2, 3]) if (lines.length < 1 + 24 + 320) lines.push(`${people[i]}\t${n}\t${people[j]}\t${1 + ((n + j) % 3)}`);
    const pairs = join(root, 'pairs.txt');
    writeFileSync(pairs, lines.join('\n'));
    const d = await rt.services.calibrations.calibrate(null, MODEL, readLabelledPairs(pairs, dir));
    assert.deepEqual(d.sampleSizes, { genuineComparisons: 24, impostorComparisons: 320 });
    assert.match(d.dataset.description, /344 listed pairs/);
    assert.equal(await countCalibrated(rt), 2);
    const history = (await rt.services.faceModels.catalogue()).find((m) => m.id === MODEL)!.calibrations;
    assert.deepEqual(history.map((h) => [h.dataset.split(':')[0], h.source, h.active, h.impostorComparisons]), [['pairs.txt', 'measured', true, 320], ['lfw-12', 'measured', false, 594]], 'newest first, the earlier one kept');
  });
});

async function countCalibrated(rt: Runtime): Promise<number> {
  let n = 0;
  for await (const e of rt.auditLog.entries()) if (e.action === 'model.calibrated') n++;
  return n;
}
