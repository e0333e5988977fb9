// The index kind per gallery: switching to HNSW builds in the background while the exact index
// answers, then swaps; the HNSW gallery measures its recall@k against the exact scan, shows it on
// the gallery and in every search answer, and logs each measurement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { isAbgError } from '../domain/errors.ts';
import type { FaceTemplateIndexes } from '../index/face-templates.ts';
import { enrolledFaceGallery } from '../testing/enrolled-face-gallery.ts';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { loadConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const PURPOSE = 'criminal-investigation';
const people = Array.from({ length: 24 }, (_, i) => `person-${i}`);

const enrolledGallery = (h: ApiHarness) => enrolledFaceGallery(h, people, PURPOSE, { maxCandidates: 5 });

const probeOf = async (face: string) => (await new FakeFaceEngine().analyse(fakeImage({ face, variant: 1 }), { modelId: fakeModelId }))[0]!.embedding;

async function recallEntries(rt: Runtime, gallery: string) {
  const out = [];
  for await (const e of rt.auditLog.entries()) if (e.action === 'index.recall' && e.galleries?.includes(gallery)) out.push(e);
  return out;
}

test('a gallery switched to HNSW keeps answering from the exact index while the graph is built, then answers from the graph and shows its measured recall', async () => {
  const h = await apiHarness();
  try {
    const { gallery, operator } = await enrolledGallery(h);
    const index = h.services.deps.index as FaceTemplateIndexes;
    assert.deepEqual((await h.call('GET', `/v1/galleries/${gallery}`, h.adminToken)).json.index, { kind: 'exact' });
    const probe = await probeOf('person-7');
    const before = await index.search(fakeModelId, probe, 3, [gallery]);

    index.setGalleryIndex(gallery, { kind: 'hnsw', M: 8, efSearch: 64 });
    assert.deepEqual(index.indexStatus(fakeModelId, gallery), { kind: 'exact', building: 'hnsw' });
    // Searches issued during the build are answered (from the exact index), with the exact answer.
    const during = await Promise.all([1, 2, 3].map(() => index.search(fakeModelId, probe, 3, [gallery])));
    for (const hits of during) assert.deepEqual(hits, before);

    await index.settled();
    const status = index.indexStatus(fakeModelId, gallery);
    assert.equal(status.kind, 'hnsw');
    assert.equal(status.building, undefined);
    assert.equal(status.k, 5, 'k is the gallery\'s maxCandidates');
    assert.equal(status.sample, people.length, 'every template of a small gallery is a probe');
    assert.ok(status.recallAtK! >= 0.95 && status.recallAtK! <= 1, JSON.stringify(status));
    assert.equal((await index.search(fakeModelId, probe, 3, [gallery]))[0]!.sampleId, before[0]!.sampleId);

    // The gallery and every search answer carry the measurement; the log holds it.
    assert.deepEqual((await h.call('GET', `/v1/galleries/${gallery}`, h.adminToken)).json.index, status);
    const { status: code, json } = await h.upload('/v1/searches', operator, { purpose: PURPOSE, caseRef: 'C-1', authorisationRef: 'A-1', mode: 'investigation', topK: '1' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'person-7', variant: 1 }) }]);
    assert.equal(code, 200, JSON.stringify(json));
    assert.deepEqual(json.galleries[0].index, status);
    const [entry] = await recallEntries(h.runtime, gallery);
    assert.equal(entry?.result?.counts?.recallAtKPer10k, Math.round(status.recallAtK! * 10_000));
    assert.equal(entry?.result?.counts?.M, 8);

    // A measurement at an interval is logged again; switching back to exact takes effect at once.
    await index.measureRecall();
    assert.equal((await recallEntries(h.runtime, gallery)).length, 2);
    index.setGalleryIndex(gallery, { kind: 'exact' });
    assert.deepEqual(index.indexStatus(fakeModelId, gallery), { kind: 'exact' });
    assert.deepEqual(await index.search(fakeModelId, probe, 3, [gallery]), before);
  } finally {
    await h.close();
  }
});

test('faceIndexByGallery in the configuration builds the gallery\'s graph on start; a bad setting is refused with ABG_ERR_CONFIG', async () => {
  const h = await apiHarness();
  const { gallery } = await enrolledGallery(h);
  await h.app.close();
  await h.runtime.close();
  const config = loadConfig({ env: {}, flags: { dataDir: h.dataDir, faceIndexByGallery: { [gallery]: { kind: 'hnsw', efConstruction: 64 } } } });
  const rt = await openRuntime(config, { faces: new FakeFaceEngine(), logger: { warn: () => {}, info: () => {} } });
  try {
    const index = rt.services.deps.index as FaceTemplateIndexes;
    assert.equal(index.indexStatus(fakeModelId, gallery).building, 'hnsw');
    await index.settled();
    assert.equal(index.indexStatus(fakeModelId, gallery).kind, 'hnsw');
    assert.equal((await recallEntries(rt, gallery))[0]?.result?.counts?.efConstruction, 64);
  } finally {
    await rt.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  }
  const refused = (flags: object) => assert.throws(() => loadConfig({ env: {}, flags }), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_CONFIG' && /faceIndexByGallery/.test(e.message));
  refused({ faceIndexByGallery: { g1: { kind: 'hnsw', M: 1 } } });
  refused({ faceIndexByGallery: { g1: { kind: 'ivf' } } });
  refused({ faceIndexByGallery: { g1: { kind: 'exact', M: 8 } } });
});
