// Re-embedding a gallery: LFW faces enrolled on the default model are re-embedded onto a tiny
// calibrated ONNX model in one process; measures the re-embedding rate (samples/s) and the
// searches/s the same process answers before and while the job runs.
// `npm run bench -- reembed [--quick]` (2,000 samples; 100 with --quick); the last line is one JSON object.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/app/config.ts';
import { openRuntime, type Runtime } from '../src/app/runtime.ts';
import type { Actor } from '../src/domain/entities.ts';
import { bootstrap } from '../src/services/bootstrap.service.ts';
import { lfw, lfwAbsent } from '../src/testing/face-test-data.ts';
import { syntheticCalibration, writeTinyFaceModel } from '../src/testing/tiny-onnx-model.ts';
import { round } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const samples = quick ? 100 : 2_000;
const searchSeconds = quick ? 5 : 15;
const TINY = 'vendor/tiny-bench@1.0';

if (lfwAbsent) {
  console.log(JSON.stringify({ bench: 'reembed', skipped: lfwAbsent }));
  process.exit(0);
}

const root = mkdtempSync(join(tmpdir(), 'abg-reembed-bench-'));
const dataDir = join(root, 'data');
const open = () => openRuntime(loadConfig({ env: {}, flags: { dataDir } }), { logger: { warn: () => {}, info: () => {} } });

/** The first `n` LFW images, one or more per person, in folder order. */
function lfwFiles(n: number): { person: string; file: string }[] {
  const out: { person: string; file: string }[] = [];
  for (const person of readdirSync(lfw).filter((p) => !p.includes('.')).sort()) {
    for (const f of readdirSync(join(lfw, person)).sort()) {
      out.push({ person, file: join(lfw, person, f) });
      if (out.length === n) return out;
    }
  }
  return out;
}

async function searchesPerSecond(rt: Runtime, actor: Actor, galleryId: string, probe: Uint8Array, until: () => boolean): Promise<{ searches: number; seconds: number }> {
  const t0 = performance.now();
  let n = 0;
  while (!until()) {
    await rt.services.searches.search(actor, { probe, purpose: 'criminal-investigation', caseRef: 'B-1', authorisationRef: 'A-1', galleryIds: [galleryId], mode: 'investigation', topK: 5 });
    n++;
  }
  return { searches: n, seconds: (performance.now() - t0) / 1000 };
}

try {
  let rt = await open();
  const { agency, user } = await bootstrap(rt.services.deps, { agencyName: 'Host', adminName: 'root' });
  const actor: Actor = { userId: user.id, agencyId: agency.id, roles: ['admin', 'operator'], hostAgency: true };
  mkdirSync(join(root, 'tiny'));
  await rt.services.faceModels.add(writeTinyFaceModel(join(root, 'tiny'), { id: TINY, alias: 'tiny-bench' }).manifestPath);
  await rt.services.deps.store.faceModels.setCalibration(TINY, syntheticCalibration(TINY));
  await rt.close();
  rt = await open();
  const fromModel = rt.services.models().find((m) => m.source === 'built-in')!.id;
  const gallery = await rt.services.galleries.create(actor, { name: 'Bench', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 3650, modelId: fromModel, thresholdFmr: 1e-3 });
  const files = lfwFiles(samples + 50);
  const t0 = performance.now();
  let enrolled = 0;
  for (const [i, f] of files.entries()) {
    if (enrolled === samples) break;
    const [r] = await rt.services.enrollment.enroll(actor, gallery.id, [{ fileName: `${i}.jpg`, image: new Uint8Array(readFileSync(f.file)), subjectRef: `${f.person}-${i}`, provenance: { source: 'bench' } }]);
    if (r!.ok) enrolled++;
  }
  const enrollSeconds = (performance.now() - t0) / 1000;
  process.stderr.write(`enrolled ${enrolled} in ${round(enrollSeconds, 1)} s\n`);
  const probe = new Uint8Array(readFileSync(files[0]!.file));

  const stopAt = performance.now() + searchSeconds * 1000;
  const before = await searchesPerSecond(rt, actor, gallery.id, probe, () => performance.now() > stopAt);

  const r0 = performance.now();
  await rt.services.reembeds.start(actor, gallery.id, TINY);
  let running = true;
  const job = rt.services.reembeds.settled(gallery.id).then(() => { running = false; });
  // Searches run throughout the job, as users would send them.
  const during = await searchesPerSecond(rt, actor, gallery.id, probe, () => !running);
  await job;
  const reembedSeconds = (performance.now() - r0) / 1000;
  const progress = await rt.services.reembeds.progress(actor, gallery.id);

  // The job alone, without searches beside it: the gallery moved back onto the default model.
  const a0 = performance.now();
  await rt.services.reembeds.start(actor, gallery.id, fromModel);
  await rt.services.reembeds.settled(gallery.id);
  const aloneSeconds = (performance.now() - a0) / 1000;
  const alone = await rt.services.reembeds.progress(actor, gallery.id);

  await rt.close();
  console.log(JSON.stringify({
    bench: 'reembed', quick, samples: enrolled, state: progress.state, failed: progress.failed.length, fromModel, toModel: TINY,
    reembedPerSecondWithSearches: round(enrolled / reembedSeconds, 2), reembedSeconds: round(reembedSeconds, 1),
    reembedBackPerSecondAlone: round(enrolled / aloneSeconds, 2), reembedBackState: alone.state,
    searchesPerSecondBefore: round(before.searches / before.seconds, 2), searchesPerSecondDuring: round(during.searches / Math.max(during.seconds, 0.001), 2), searchesDuring: during.searches,
    enrollPerSecond: round(enrolled / enrollSeconds, 2), batch: loadConfig({ env: {}, flags: { dataDir } }).reembedBatch,
  }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
