// Re-embedding a gallery through the runtime over a real SQLite file: LFW faces enrolled on the
// default model move onto the tiny ONNX model; searches answer on the old model while the job runs
// and on the new one after the switch; each refusal is coded and changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, Gallery } from '../domain/entities.ts';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import { bootstrap } from '../services/bootstrap.service.ts';
import { lfw, lfwAbsent, lfwImage } from '../testing/face-test-data.ts';
import { syntheticCalibration, writeTinyFaceModel } from '../testing/tiny-onnx-model.ts';
import { loadConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const TINY = 'vendor/tiny-reembed@1.0';
const RAW = 'vendor/tiny-raw@1.0';

describe('re-embedding a gallery', { skip: lfwAbsent, timeout: 5 * 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'abg-reembed-'));
  const dataDir = join(root, 'data');
  const open = () => openRuntime(loadConfig({ env: {}, flags: { dataDir } }), { logger: { warn: () => {}, info: () => {} } });
  let rt: Runtime;
  let admin: Actor;
  let gallery: Gallery;
  const people = lfwAbsent ? [] : readdirSync(lfw).filter((p) => !p.includes('.')).sort().slice(0, 8);
  const image = (p: string) => new Uint8Array(readFileSync(lfwImage(p, 1)));

  before(async () => {
    if (lfwAbsent) return;
    rt = await open();
    const { agency, user } = await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
    admin = { userId: user.id, agencyId: agency.id, roles: ['admin', 'operator'], hostAgency: true };
    for (const [id, alias] of [[TINY, 'tiny-reembed'], [RAW, 'tiny-raw']] as const) {
      const dir = join(root, alias);
      mkdirSync(dir);
      await rt.services.faceModels.add(writeTinyFaceModel(dir, { id, alias }).manifestPath);
    }
    await rt.services.deps.store.faceModels.setCalibration(TINY, syntheticCalibration(TINY));
    await rt.close();
    rt = await open();
    const defaultModel = rt.services.models().find((m) => m.source === 'built-in')!.id;
    gallery = await rt.services.galleries.create(admin, { name: 'Suspects', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: defaultModel, thresholdFmr: 1e-3 });
    const enrolled = await rt.services.enrollment.enroll(admin, gallery.id, people.map((p) => ({ fileName: `${p}.jpg`, image: image(p), subjectRef: p, provenance: { source: 'test' } })));
    assert.ok(enrolled.every((r) => r.ok), JSON.stringify(enrolled.filter((r) => !r.ok)));
  });
  after(async () => {
    await rt?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const search = async () => {
    const a = await rt.services.searches.search(admin, { probe: image(people[0]!), purpose: 'criminal-investigation', caseRef: 'C-1', authorisationRef: 'A-1', galleryIds: [gallery.id], mode: 'investigation', topK: 3 });
    return a.galleries[0]!.candidates;
  };
  const modelsOfSamples = async () => {
    const ids = new Set<string>();
    for (const s of await rt.services.deps.store.subjects.listByGallery(gallery.id)) for (const x of await rt.services.deps.store.samples.listBySubject(s.id)) ids.add(x.modelId);
    return [...ids];
  };
  const entries = async (action: string) => {
    let n = 0;
    for await (const e of rt.auditLog.entries()) if (e.action === action) n++;
    return n;
  };
  const refused = async (what: string, run: () => Promise<unknown>, code: ErrorCode) => {
    await assert.rejects(run(), (e: unknown) => isAbgError(e) && e.code === code, what);
  };

  test('refusals: unknown model, same model, uncalibrated model; nothing changes', async () => {
    await refused('unknown model', () => rt.services.reembeds.start(admin, gallery.id, 'vendor/none@1'), 'ABG_ERR_UNKNOWN_MODEL');
    await refused('same model', () => rt.services.reembeds.start(admin, gallery.id, gallery.modelId!), 'ABG_ERR_REEMBED_SAME_MODEL');
    await refused('uncalibrated model', () => rt.services.reembeds.start(admin, gallery.id, RAW), 'ABG_ERR_MODEL_UNCALIBRATED');
    await refused('no job yet', () => rt.services.reembeds.progress(admin, gallery.id), 'ABG_ERR_NOT_FOUND');
    assert.equal(await rt.services.deps.store.reembeds.get(gallery.id), undefined);
    assert.equal(await entries('gallery.reembed.started'), 0);
    assert.deepEqual(await modelsOfSamples(), [gallery.modelId]);
  });

  test('searches answer on the old model during the job and on the new one after the switch', async () => {
    const before = await search();
    assert.equal(before.length, 3);
    const job = await rt.services.reembeds.start(admin, gallery.id, TINY);
    assert.deepEqual([job.state, job.done, job.total, job.fromModelId], ['running', 0, people.length, gallery.modelId]);
    await refused('a second job while one runs', () => rt.services.reembeds.start(admin, gallery.id, TINY), 'ABG_ERR_REEMBED_RUNNING');
    const during = await search();
    assert.equal((await rt.services.galleries.get(admin, gallery.id)).modelId, gallery.modelId, 'still on the old model');
    assert.deepEqual(during.map((c) => c.score), before.map((c) => c.score), 'the old templates answer');

    await rt.services.reembeds.settled(gallery.id);
    const done = await rt.services.reembeds.progress(admin, gallery.id);
    assert.deepEqual([done.state, done.done, done.total, done.failed], ['switched', people.length, people.length, []]);
    assert.equal((await rt.services.galleries.get(admin, gallery.id)).modelId, TINY);
    assert.deepEqual(await modelsOfSamples(), [TINY], 'every sample on the new model');
    const afterSwitch = await search();
    assert.equal(afterSwitch.length, 3);
    assert.ok(afterSwitch[0]!.score > 0.999, `the probe's own image is found first on the new model (${afterSwitch[0]!.score})`);
    assert.notDeepEqual(afterSwitch.map((c) => c.score), before.map((c) => c.score));
    assert.equal(await entries('gallery.reembed.started'), 1);
    assert.equal(await entries('gallery.reembed.switched'), 1);
    assert.equal(await rt.services.deps.store.reembeds.missing(gallery.id), people.length, 'the second template set is gone');
  });
});
