// Start-up of one HNSW gallery (usearch, sealed snapshot as the server writes it): loading its
// graph snapshot, catching up and measuring recall, against building the graph from the change
// feed; then recall@10 at several efSearch values on the very same graph, each loaded from the
// snapshot with that efSearch. Random Gaussian 128-d templates (the hard case for a graph); the
// feed is in memory, so the rebuild here does not pay for opening sealed templates from the store
// (see the erasure benchmark's feedUsPerTemplate for that share).
// `npm run bench -- gallery-hnsw [--quick] [--n=100000] [--dim=128] [--M=16] [--efc=128] [--ef=16,64,128,256] [--sample=200]`
// Prints one line per phase, one JSON object last.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactVectorIndex } from '../src/index/exact-index.ts';
import { GalleryHnsw } from '../src/index/gallery-hnsw.ts';
import { MemoryChangeFeed } from '../src/index/memory-feed.ts';
import { PersistentIndex } from '../src/index/persistent-index.ts';
import type { VectorIndex } from '../src/index/types.ts';
import { gaussian, rng } from '../src/testing/synthetic-vectors.ts';
import { cpuMs, gc, listArg, now, round, rssMb } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const n = listArg('n', [quick ? 20_000 : 100_000])[0]!;
const dim = listArg('dim', [128])[0]!;
const M = listArg('M', [16])[0]!;
const efConstruction = listArg('efc', [128])[0]!;
const efs = listArg('ef', [16, 64, 128, 256]);
const sample = listArg('sample', [200])[0]!;
const k = 10;
const quiet = { warn: (o: object, m: string) => console.error(`warn: ${m} ${JSON.stringify(o)}`), info: () => {} };
const loads = () => loadavg().map((x) => round(x, 2));

/** Wall and process CPU time of one phase, in ms. */
async function phase<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const w = now();
  const c = cpuMs();
  const value = await fn();
  return { value, wallMs: round(now() - w, 1), cpuMs: round(cpuMs() - c, 1) };
}

const dir = mkdtempSync(join(tmpdir(), 'abg-gallery-hnsw-bench-'));
try {
  const loadStart = loads();
  const g = gaussian(rng(2026));
  const feed = new MemoryChangeFeed<ArrayLike<number>>();
  for (let i = 0; i < n; i++) feed.commit('add', `t${i}`, 'gallery', Float32Array.from({ length: dim }, g));
  const model = await PersistentIndex.open<VectorIndex>({ file: join(dir, 'face-model.snap'), feed, logger: quiet, create: () => new ExactVectorIndex({ dimension: dim }) });
  const key = { key: randomBytes(32), id: 'bench' };
  const file = join(dir, 'face-model@gallery.hnsw.snap');
  const open = (efSearch: number) => GalleryHnsw.open({ setting: { kind: 'hnsw', M, efConstruction, efSearch }, galleryId: 'gallery', dimension: dim, feed, logger: quiet, sample, file, key });
  console.log(`# ${n} × ${dim}-d Gaussian templates, M ${M}, efConstruction ${efConstruction}; load average ${loadStart.join(' ')}`);

  // The server's path without a snapshot: build from the feed, measure recall, write the snapshot.
  gc();
  const rssBefore = rssMb();
  const build = await phase(() => open(128));
  const builtRecall = await phase(() => build.value.recallAtK(model.index, k));
  const write = await phase(() => build.value.checkpoint());
  const rssGraphMb = rssMb() - rssBefore;
  await build.value.retire();
  const snapshotMb = round(statSync(file).size / 2 ** 20, 1);
  const rebuild = { buildMs: build.wallMs, buildCpuMs: build.cpuMs, recallMs: builtRecall.wallMs, recallCpuMs: builtRecall.cpuMs, writeMs: write.wallMs, writeCpuMs: write.cpuMs, recallAtK: round(builtRecall.value.recallAtK, 4) };
  console.log('rebuild', JSON.stringify(rebuild));

  // With the snapshot: load (with catch-up), draw probes from the exact index, measure recall.
  gc();
  const load = await phase(() => open(128));
  if (!load.value.restored) throw new Error('the snapshot was not loaded');
  const probes = await phase(() => load.value.drawProbes(model));
  const loadedRecall = await phase(() => load.value.recallAtK(model.index, k));
  await load.value.retire();
  const fromSnapshot = { loadMs: load.wallMs, loadCpuMs: load.cpuMs, probesMs: probes.wallMs, probesCpuMs: probes.cpuMs, recallMs: loadedRecall.wallMs, recallCpuMs: loadedRecall.cpuMs, recallAtK: round(loadedRecall.value.recallAtK, 4) };
  console.log('snapshot', JSON.stringify(fromSnapshot));

  // The same graph searched at each efSearch.
  const byEf = [];
  for (const ef of efs) {
    gc();
    const graph = await open(ef);
    await graph.drawProbes(model);
    const r = await phase(() => graph.recallAtK(model.index, k));
    await graph.retire();
    const row = { efSearch: ef, recallAtK: round(r.value.recallAtK, 4), sample: r.value.sample, measureMs: r.wallMs, measureCpuMs: r.cpuMs };
    byEf.push(row);
    console.log('ef', JSON.stringify(row));
  }
  await model.close();
  // Start-up until the graph answers with its recall measured: build + measure against load + probes + measure.
  const startupRatio = round((rebuild.buildMs + rebuild.recallMs) / (fromSnapshot.loadMs + fromSnapshot.probesMs + fromSnapshot.recallMs), 1);
  const startupCpuRatio = round((rebuild.buildCpuMs + rebuild.recallCpuMs) / (fromSnapshot.loadCpuMs + fromSnapshot.probesCpuMs + fromSnapshot.recallCpuMs), 1);
  console.log(JSON.stringify({
    bench: 'gallery-hnsw', quick, n, dim, M, efConstruction, k, sample, data: 'random Gaussian', snapshotMb, rssGraphMb,
    loadavg_start: loadStart, loadavg_end: loads(), rebuild, fromSnapshot, startupRatio, startupCpuRatio, byEf,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
