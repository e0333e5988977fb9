// An HNSW gallery's graph survives a restart as a sealed snapshot in the data directory: it is
// loaded instead of built, shows its recall again, and is rebuilt (with a warning, the exact index
// answering meanwhile) when the file is corrupt or of other parameters. An erasure leaves no
// template in it; a graph left without templates keeps no file; switching the gallery back to exact deletes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GalleryIndexSetting } from '../services/ports/template-index.ts';
import type { FaceTemplateIndexes } from '../index/face-templates.ts';
import { loadIndex } from '../index/load.ts';
import { enrolledFaceGallery } from '../testing/enrolled-face-gallery.ts';
import { apiHarness } from '../testing/api-harness.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { loadConfig } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';

const PURPOSE = 'criminal-investigation';
const people = Array.from({ length: 24 }, (_, i) => `person-${i}`);

const probeOf = async (face: string) => (await new FakeFaceEngine().analyse(fakeImage({ face, variant: 1 }), { modelId: fakeModelId }))[0]!.embedding;

interface Started {
  rt: Runtime;
  index: FaceTemplateIndexes;
  infos: string[];
  warnings: string[];
}

/** Opens the runtime over the data directory with the gallery indexed as `setting` (none: not configured). */
async function start(dataDir: string, gallery: string, setting?: GalleryIndexSetting): Promise<Started> {
  const infos: string[] = [];
  const warnings: string[] = [];
  const config = loadConfig({ env: {}, flags: { dataDir, ...(setting ? { faceIndexByGallery: { [gallery]: setting } } : {}) } });
  const rt = await openRuntime(config, { faces: new FakeFaceEngine(), logger: { warn: (_o, m) => warnings.push(m), info: (_o, m) => infos.push(m) } });
  return { rt, index: rt.services.deps.index as FaceTemplateIndexes, infos, warnings };
}

const graphFiles = (dataDir: string) => readdirSync(join(dataDir, 'index')).filter((f) => f.endsWith('.hnsw.snap')).map((f) => join(dataDir, 'index', f));

async function recallEntries(rt: Runtime, gallery: string) {
  const out = [];
  for await (const e of rt.auditLog.entries()) if (e.action === 'index.recall' && e.galleries?.includes(gallery)) out.push(e);
  return out;
}

/** A data directory with an enrolled gallery whose graph was built once and written on shutdown. */
async function withBuiltGraph(fn: (dataDir: string, gallery: string, operator: string) => Promise<void>): Promise<void> {
  const h = await apiHarness();
  try {
    const { gallery, operator } = await enrolledFaceGallery(h, people, PURPOSE, { maxCandidates: 5 });
    await h.app.close();
    await h.runtime.close();
    const s = await start(h.dataDir, gallery, { kind: 'hnsw', M: 8 });
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    assert.ok(s.infos.includes('gallery HNSW index built and swapped in'), s.infos.join('; '));
    await s.rt.close();
    assert.equal(graphFiles(h.dataDir).length, 1);
    await fn(h.dataDir, gallery, operator);
  } finally {
    rmSync(h.dataDir, { recursive: true, force: true });
  }
}

test('after a restart the graph is loaded from its snapshot, not built, and its recall is measured, shown and logged again', () => withBuiltGraph(async (dataDir, gallery) => {
  const s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    const logged = (await recallEntries(s.rt, gallery)).length;
    const probe = await probeOf('person-7');
    const exact = await s.index.search(fakeModelId, probe, 3, [gallery]);
    await s.index.settled();
    assert.ok(s.infos.includes('gallery HNSW index loaded from its snapshot and swapped in'), s.infos.join('; '));
    assert.ok(!s.infos.includes('gallery HNSW index built and swapped in'));
    assert.deepEqual(s.warnings, []);
    const status = s.index.indexStatus(fakeModelId, gallery);
    assert.equal(status.kind, 'hnsw');
    assert.equal(status.sample, people.length, 'every template of the gallery is a probe again');
    assert.ok(status.recallAtK! >= 0.95, JSON.stringify(status));
    assert.equal((await recallEntries(s.rt, gallery)).length, logged + 1);
    assert.equal((await s.index.search(fakeModelId, probe, 3, [gallery]))[0]!.sampleId, exact[0]!.sampleId);
  } finally {
    await s.rt.close();
  }
}));

test('a corrupt graph snapshot is rebuilt with a warning while the exact index answers; other parameters rebuild too, another efSearch does not', () => withBuiltGraph(async (dataDir, gallery) => {
  const [file] = graphFiles(dataDir);
  const bytes = readFileSync(file!);
  bytes[bytes.length - 10]! ^= 0x01;
  writeFileSync(file!, bytes);
  const probe = await probeOf('person-3');

  let s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    const during = await s.index.search(fakeModelId, probe, 3, [gallery]);
    assert.equal(s.index.indexStatus(fakeModelId, gallery).kind, 'exact', 'the exact index answers while the graph is rebuilt');
    await s.index.settled();
    assert.ok(s.warnings.some((w) => /corrupt/.test(w)), s.warnings.join('; '));
    assert.ok(s.infos.includes('gallery HNSW index built and swapped in'));
    assert.equal((await s.index.search(fakeModelId, probe, 3, [gallery]))[0]!.sampleId, during[0]!.sampleId);
  } finally {
    await s.rt.close();
  }

  s = await start(dataDir, gallery, { kind: 'hnsw', M: 12 });
  try {
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    assert.ok(s.warnings.some((w) => /another configuration/.test(w)), s.warnings.join('; '));
    assert.ok(s.infos.includes('gallery HNSW index built and swapped in'));
  } finally {
    await s.rt.close();
  }

  s = await start(dataDir, gallery, { kind: 'hnsw', M: 12, efSearch: 32 });
  try {
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    assert.deepEqual(s.warnings, []);
    assert.ok(s.infos.includes('gallery HNSW index loaded from its snapshot and swapped in'), s.infos.join('; '));
    assert.equal((await recallEntries(s.rt, gallery)).at(-1)?.result?.counts?.efSearch, 32);
  } finally {
    await s.rt.close();
  }
}));

test('an erasure leaves no template in the graph snapshot, whether the graph is in memory or not yet loaded after a restart', () => withBuiltGraph(async (dataDir, gallery, operator) => {
  const inGraphSnapshot = async (rt: Runtime, sampleId: string) => {
    const [file] = graphFiles(dataDir);
    return (await loadIndex(file!, rt.services.deps.envelope.deriveKey('index-snapshot'))).index.has(sampleId);
  };
  const sampleOf = async (rt: Runtime, ref: string) => {
    const subject = (await rt.services.deps.store.subjects.getByRef(gallery, ref))!;
    return { subject: subject.id, sample: (await rt.services.deps.store.samples.listBySubject(subject.id))[0]!.id };
  };

  let s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    const p3 = await sampleOf(s.rt, 'person-3');
    assert.equal(await inGraphSnapshot(s.rt, p3.sample), true);
    await s.rt.services.erasure.erase(await s.rt.services.auth.authenticate(operator), p3.subject, 'erasure request of the data subject');
    assert.equal(await inGraphSnapshot(s.rt, p3.sample), false);
  } finally {
    await s.rt.close();
  }

  // Nothing has searched the gallery since the start, so its graph is still only on disk.
  s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    const p4 = await sampleOf(s.rt, 'person-4');
    assert.equal(await inGraphSnapshot(s.rt, p4.sample), true);
    await s.rt.services.erasure.erase(await s.rt.services.auth.authenticate(operator), p4.subject, 'erasure request of the data subject');
    assert.equal(await inGraphSnapshot(s.rt, p4.sample), false);
    assert.equal((await loadIndex(graphFiles(dataDir)[0]!, s.rt.services.deps.envelope.deriveKey('index-snapshot'))).index.size, people.length - 2);
  } finally {
    await s.rt.close();
  }
}));

test('a graph left without templates keeps no snapshot, and one is written again once the gallery has templates', () => withBuiltGraph(async (dataDir, gallery, operator) => {
  const s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    const actor = await s.rt.services.auth.authenticate(operator);
    const subjects = await s.rt.services.deps.store.subjects.listByGallery(gallery);
    for (const [i, subject] of subjects.entries()) {
      await s.rt.services.erasure.erase(actor, subject.id, 'erasure request of the data subject');
      assert.equal(graphFiles(dataDir).length, i < subjects.length - 1 ? 1 : 0, `after ${i + 1} of ${subjects.length} erasures`);
    }
    // The gallery fills again: its graph has templates and is written at the next purge.
    const [enrolled] = await s.rt.services.enrollment.enroll(actor, gallery, [{ fileName: 'person-new.json', image: fakeImage({ face: 'person-new' }), subjectRef: 'person-new', provenance: { source: 'test' } }]);
    assert.equal(enrolled?.ok, true);
    await s.index.purgeSnapshots([fakeModelId]);
    assert.equal(graphFiles(dataDir).length, 1);
  } finally {
    await s.rt.close();
  }
}));

test('switching a gallery back to exact deletes its graph snapshot, at run time and through the configuration on start', () => withBuiltGraph(async (dataDir, gallery) => {
  let s = await start(dataDir, gallery, { kind: 'hnsw', M: 8 });
  try {
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    s.index.setGalleryIndex(gallery, { kind: 'exact' });
    await s.index.settled();
    assert.deepEqual(graphFiles(dataDir), []);
    assert.deepEqual(s.index.indexStatus(fakeModelId, gallery), { kind: 'exact' });
    // And back to HNSW: built again, and written again.
    s.index.setGalleryIndex(gallery, { kind: 'hnsw', M: 8 });
    s.index.indexStatus(fakeModelId, gallery);
    await s.index.settled();
    assert.equal(graphFiles(dataDir).length, 1);
  } finally {
    await s.rt.close();
  }

  s = await start(dataDir, gallery);
  try {
    assert.deepEqual(graphFiles(dataDir), [], 'a gallery no longer configured as HNSW keeps no graph on disk');
    assert.ok(existsSync(join(dataDir, 'index')));
  } finally {
    await s.rt.close();
  }
}));
