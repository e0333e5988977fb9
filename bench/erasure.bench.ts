// What leaving nothing on disk costs: sealing index snapshots (write and load, plain against
// sealed), an erasure with its snapshot rewrite and WAL checkpoint, and rebuilding a face index
// from sealed templates. `npm run bench -- erasure [--quick]`; the last line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.ts';
import { openRuntime } from '../src/app/runtime.ts';
import { FlatVectorIndex } from '../src/index/flat-index.ts';
import { loadIndex } from '../src/index/load.ts';
import { writeSnapshot } from '../src/index/snapshot.ts';
import { StoreTemplateFeed } from '../src/index/store-feed.ts';
import { templateOpener } from '../src/services/sample-seal.ts';
import { bootstrap } from '../src/services/bootstrap.service.ts';
import { FakeFaceEngine, fakeImage, fakeModelId } from '../src/testing/fake-face-engine.ts';
import { round, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const vectors = quick ? 20_000 : 200_000;
const subjects = quick ? 300 : 3_000;
const dim = 512;
const dir = mkdtempSync(join(tmpdir(), 'abg-erasure-bench-'));
const quiet = { warn: () => {}, info: () => {} };

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function snapshots() {
  const index = new FlatVectorIndex({ dimension: dim, threads: 1 });
  for (let i = 0; i < vectors; i++) {
    const v = new Float32Array(dim).map(() => Math.random() - 0.5);
    const n = Math.hypot(...v);
    index.add(`s${i}`, 'g', v.map((x) => x / n));
  }
  const key = { key: randomBytes(32), id: 'bench' };
  const out: Record<string, number> = {};
  for (const [name, k] of [['plain', undefined], ['sealed', key]] as const) {
    const file = join(dir, `${name}.snap`);
    const writes: number[] = [];
    const loads: number[] = [];
    for (let r = 0; r < 3; r++) {
      writes.push(await timed(() => writeSnapshot(file, 1, (o) => index.writePayload(o), k)));
      loads.push(await timed(async () => (await loadIndex(file, k)).index.close()));
    }
    out[`${name}WriteMs`] = summary(writes).p50;
    out[`${name}LoadMs`] = summary(loads).p50;
  }
  await index.close();
  return { vectors, dim, mb: round((vectors * dim * 4) / 2 ** 20, 1), ...out };
}

async function erasures() {
  const dataDir = join(dir, 'data');
  const config = loadConfig({ env: {}, flags: { dataDir } });
  const rt = await openRuntime(config, { faces: new FakeFaceEngine(), logger: quiet });
  const { services } = rt;
  const actor = await services.auth.authenticate((await bootstrap(services.deps, { agencyName: 'A', adminName: 'root' })).token);
  const gallery = await services.galleries.create(actor, { name: 'G', kind: 'face', legalBasis: 'test', purposes: ['criminal-investigation'], retentionDays: 3650, modelId: fakeModelId });
  const items = Array.from({ length: subjects }, (_, i) => ({ fileName: `p${i}.jpg`, image: fakeImage({ face: `p${i}` }), subjectRef: `R-${i}`, coreData: { name: `Person ${i}` }, provenance: { source: 'bench' } }));
  const enrolled = await services.enrollment.enroll(actor, gallery.id, items);
  await services.deps.index.search(fakeModelId, new Float32Array(32).fill(0.1), 1, [gallery.id]);
  const ms: number[] = [];
  for (const r of enrolled.slice(0, 10)) ms.push(await timed(() => services.erasure.erase(actor, r.subjectId!, 'bench')));
  await rt.close();
  rmSync(join(dataDir, 'index'), { recursive: true, force: true });
  const rt2 = await openRuntime(config, { faces: new FakeFaceEngine(), logger: quiet });
  const rebuildMs = await timed(() => rt2.services.deps.index.search(fakeModelId, new Float32Array(32).fill(0.1), 1, [gallery.id]));
  // The feed alone: reading the changes and sealed templates, with and without opening them.
  const { store, envelope } = rt2.services.deps;
  const drain = async (feed: StoreTemplateFeed) => { for await (const _ of feed.changesSince(0)); };
  const feedPlainMs = await timed(() => drain(new StoreTemplateFeed(store, fakeModelId, async () => new Float32Array(32))));
  const feedOpenMs = await timed(() => drain(new StoreTemplateFeed(store, fakeModelId, templateOpener(store, envelope))));
  await rt2.close();
  const per = (x: number) => round((x * 1000) / (subjects - 10), 1);
  return { subjects, eraseMs: summary(ms), rebuildMs: round(rebuildMs, 1), feedUsPerTemplate: { withoutOpening: per(feedPlainMs), opening: per(feedOpenMs) } };
}

try {
  const snap = await snapshots();
  console.log('snapshots', JSON.stringify(snap));
  const era = await erasures();
  console.log('erasures', JSON.stringify(era));
  console.log(JSON.stringify({ bench: 'erasure', quick, snapshots: snap, erasures: era }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
