// The calibration routes over HTTP (the fake face engine, its model registered as a licensed one):
// a labelled set uploaded as a zip calibrates the model and the declaration and DET curve are
// served; a set too small, a file that is not a zip and an unknown model are refused with their
// codes and leave the model uncalibrated.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { makeZip } from '../testing/make-zip.ts';

const url = `/v1/models/${encodeURIComponent(fakeModelId)}`;
/** A zip of `people` people with three fake photos each. */
const set = (people: number) => ({
  field: 'set', name: 'people.zip',
  data: new Uint8Array(makeZip(Array.from({ length: people * 3 }, (_, i) => ({ name: `people/P${i % people}/${i}.jpg`, data: Buffer.from(fakeImage({ face: `c${i % people}`, variant: i })) })))),
});

describe('calibration routes', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness();
    await h.runtime.services.deps.store.faceModels.insert({ id: fakeModelId, alias: 'fake', manifest: { licence: { name: 'Vendor EULA', licensee: 'Test police' } }, sha256: 'f'.repeat(64), dimension: 128, addedAt: new Date().toISOString(), calibration: null });
  });
  after(async () => h?.close());
  const stored = async () => (await h.runtime.services.deps.store.faceModels.get(fakeModelId))?.calibration ?? null;

  test('bad uploads are refused with their codes and store nothing', async () => {
    const cases: [string, Parameters<ApiHarness['upload']>[3], string, number][] = [
      [url, [set(4)], 'ABG_ERR_CALIBRATION_TOO_SMALL', 422],
      [url, [{ field: 'set', name: 'x.zip', data: new TextEncoder().encode('not a zip') }], 'ABG_ERR_CORRUPT_ARCHIVE', 422],
      ['/v1/models/vendor%2Fnone%401', [set(10)], 'ABG_ERR_UNKNOWN_MODEL', 422],
      [url, [], 'ABG_ERR_VALIDATION', 400],
    ];
    for (const [u, files, code, status] of cases) {
      const r = await h.upload(`${u}/calibrations`, h.adminToken, {}, files);
      assert.deepEqual([r.status, r.json.error.code], [status, code], code);
    }
    assert.equal(await stored(), null);
    assert.equal((await h.call('GET', `${url}/calibration`, h.adminToken)).json.error.code, 'ABG_ERR_MODEL_UNCALIBRATED');
  });

  test('a labelled zip calibrates the model; declaration and DET curve are served', async () => {
    const r = await h.upload(`${url}/calibrations`, h.adminToken, {}, [set(10)]);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.deepEqual(r.json.sampleSizes, { genuineComparisons: 30, impostorComparisons: 405 });
    assert.equal(r.json.licence.licensee, 'Test police');
    assert.equal((await stored())?.impostorComparisons, 405);
    assert.deepEqual((await h.call('GET', `${url}/calibration`, h.adminToken)).json, r.json);
    const md = await h.app.inject({ method: 'GET', url: `/v1/models/fake/calibration/declaration`, headers: { authorization: `Bearer ${h.adminToken}` } });
    assert.match(String(md.headers['content-type']), /text\/markdown/);
    assert.match(md.body, /not supported by 405 impostor comparisons/);
    const svg = await h.app.inject({ method: 'GET', url: `${url}/calibration/det.svg`, headers: { authorization: `Bearer ${h.adminToken}` } });
    assert.match(String(svg.headers['content-type']), /image\/svg\+xml/);
    assert.match(svg.body, /False non-match rate/);
    const listed = (await h.call('GET', '/v1/models', h.adminToken)).json.models.find((m: { id: string }) => m.id === fakeModelId);
    assert.deepEqual(listed.calibrations.map((c: Record<string, unknown>) => [c.source, c.active, c.impostorComparisons, c.calibratedAt]), [['measured', true, 405, r.json.calibratedAt]], 'GET /v1/models lists the calibration history');
  });
});
