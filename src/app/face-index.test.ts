// The face index kind chosen by configuration: HNSW answers like the exact scan on a small
// gallery, a flat snapshot is never loaded into another kind, and unknown kinds are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbgError } from '../domain/errors.ts';
import type { FaceTemplateIndexes } from '../index/face-templates.ts';
import { enrolledFaceGallery } from '../testing/enrolled-face-gallery.ts';
import { apiHarness, multipartBody, type ApiHarness } from '../testing/api-harness.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { buildApp } from '../api/app.ts';
import { loadConfig, type Config } from './config.ts';
import { openRuntime } from './runtime.ts';

const PURPOSE = 'criminal-investigation';
const people = Array.from({ length: 12 }, (_, i) => `person-${i}`);
const quiet = { warn: () => {}, info: () => {} };
const configError = (pattern: RegExp) => (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_CONFIG' && pattern.test(e.message);

const enrolledGallery = (h: ApiHarness) => enrolledFaceGallery(h, people, PURPOSE, { requiredFpir: 0.01 });

async function bestHit(index: unknown, gallery: string, face: string) {
  const [probe] = await new FakeFaceEngine().analyse(fakeImage({ face, variant: 1 }), { modelId: fakeModelId });
  const hits = await (index as FaceTemplateIndexes).search(fakeModelId, probe!.embedding, 3, [gallery]);
  return hits[0]!;
}

const kindOf = async (index: unknown) => (await (index as FaceTemplateIndexes).index(fakeModelId)).index.kind;

test('a runtime configured for HNSW enrolls and searches through it, finding what the flat scan finds; the flat snapshot is not loaded into it', async () => {
  const h = await apiHarness();
  const { gallery, operator } = await enrolledGallery(h);
  const flat = await Promise.all(['person-3', 'person-8'].map((p) => bestHit(h.services.deps.index, gallery, p)));
  assert.equal(await kindOf(h.services.deps.index), 'exact');
  // Closing writes the flat snapshot; the same data directory is reopened with HNSW.
  await h.app.close();
  await h.runtime.close();
  const warnings: string[] = [];
  const config = loadConfig({ env: { ABGLEICH_FACE_INDEX: 'usearch-hnsw' }, flags: { dataDir: h.dataDir } });
  const rt = await openRuntime(config, { faces: new FakeFaceEngine(), logger: { warn: (_o, m) => warnings.push(m), info: () => {} } });
  const app = await buildApp(rt.services, { logger: false });
  try {
    const index = rt.services.deps.index;
    assert.equal(await kindOf(index), 'hnsw-usearch');
    assert.ok(warnings.some((w) => /another configuration/.test(w)), 'the flat snapshot was rebuilt, not loaded');
    const hnsw = await Promise.all(['person-3', 'person-8'].map((p) => bestHit(index, gallery, p)));
    assert.deepEqual(hnsw.map((x) => x.sampleId), flat.map((x) => x.sampleId));
    hnsw.forEach((x, i) => assert.ok(Math.abs(x.score - flat[i]!.score) < 1e-5));
    // Enrolling and searching over HTTP go through the HNSW index.
    const upload = async (url: string, fields: Record<string, string>, face: string, variant = 0) => {
      const { payload, contentType } = multipartBody(fields, [{ field: fields.source ? 'image' : 'probe', name: 'x.jpg', data: fakeImage({ face, variant }) }]);
      const res = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${operator}`, 'content-type': contentType }, payload });
      assert.ok(res.statusCode < 300, res.body);
      return JSON.parse(res.body);
    };
    await upload(`/v1/galleries/${gallery}/enrollments`, { source: 'custody photo', subjectRef: 'late-1' }, 'late-1');
    assert.equal((await (index as FaceTemplateIndexes).index(fakeModelId)).index.size, people.length + 1);
    const found = await upload('/v1/searches', { purpose: PURPOSE, caseRef: 'C-1', authorisationRef: 'A-1', mode: 'investigation', topK: '1' }, 'late-1', 1);
    const top = found.galleries[0].candidates[0];
    assert.ok(top.aboveThreshold, JSON.stringify(found));
    assert.ok(Math.abs(top.score - (await bestHit(index, gallery, 'late-1')).score) < 1e-4);
  } finally {
    await app.close();
    await rt.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  }
});

test('a per-model choice overrides the default kind, by model id', async () => {
  const h = await apiHarness({}, { config: { faceIndex: 'usearch-hnsw', faceIndexByModel: { [fakeModelId]: 'hnswlib' } } });
  try {
    assert.equal(await kindOf(h.services.deps.index), 'hnsw-hnswlib');
  } finally {
    await h.close();
  }
});

test('an unknown index kind, or a per-model choice for a model the engine lacks, is refused with ABG_ERR_CONFIG', async () => {
  assert.throws(() => loadConfig({ env: { ABGLEICH_FACE_INDEX: 'ivf' } }), configError(/faceIndex: must be one of exact, flat, hnsw, usearch-hnsw, hnswlib/));
  const dir = mkdtempSync(join(tmpdir(), 'abg-face-index-'));
  try {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ faceIndexByModel: { faceres: 'annoy' } }));
    assert.throws(() => loadConfig({ env: { ABGLEICH_CONFIG: file } }), configError(/faceIndexByModel\.faceres: must be one of/));
    const config: Config = { ...loadConfig({ env: {}, flags: { dataDir: dir } }), faceIndexByModel: { 'no/such-model@1': 'flat' } };
    await assert.rejects(openRuntime(config, { faces: new FakeFaceEngine(), logger: quiet }), configError(/no\/such-model@1/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
