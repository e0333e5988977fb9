// Triage throughput and reach on LFW photos: a first run adds N photos to a media gallery; a second
// run triages N other photos plus edited copies of some gallery photos (JPEG re-encode at quality
// 60, horizontal flip, 90° rotation, 80 % resize) and reports files per second (wall clock and per
// CPU-second of this process and its threads) and the fraction of edited copies found as
// near-duplicates (the match run's rate is the median of 3). First, camera-size photos: PDQ from
// the DCT-reduced decode (before and after its overheads were cut) against the full decode, the
// decoder's floor, per-step CPU time and the hashing pool (bench/lib/reduced-decode.ts).
// `npm run bench -- triage [--quick] [--camera-only]`; the last line is one JSON object.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import sharp from 'sharp';
import { apiHarness } from '../src/testing/api-harness.ts';
import type { TriageInput } from '../src/services/triage.service.ts';
import { cpuMs } from './bench-util.ts';
import { reducedDecodeFigures } from './lib/reduced-decode.ts';

const quick = process.argv.includes('--quick');
const data = fileURLToPath(new URL('../../shared/data/', import.meta.url));
if (!existsSync(join(data, 'lfw'))) {
  console.log(JSON.stringify({ bench: 'triage', skipped: 'shared data not found: ../shared/data/lfw' }));
  process.exit(0);
}

const camera = existsSync(join(data, 'pdq/images')) ? await reducedDecodeFigures(join(data, 'pdq/images'), quick ? 1 : 3) : null;
console.log(`camera-size photos: ${JSON.stringify(camera)}`);
if (process.argv.includes('--camera-only')) {
  console.log(JSON.stringify({ bench: 'triage', quick, cores: availableParallelism(), loadavg1: Math.round(loadavg()[0]! * 100) / 100, cameraSizePhotos: camera }));
  process.exit(0);
}

const n = quick ? 100 : 1000;
const edited = quick ? 20 : 100;
const files: string[] = [];
for (const person of readdirSync(join(data, 'lfw')).sort()) {
  const dir = join(data, 'lfw', person);
  if (person.includes('.') || !existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.jpg')) files.push(join(dir, f));
  if (files.length >= 2 * n) break;
}
const first = files.slice(0, n);
const second = files.slice(n, 2 * n);
const edits = {
  jpeg60: (b: Buffer) => sharp(b).jpeg({ quality: 60 }).toBuffer(),
  flip: (b: Buffer) => sharp(b).flop().jpeg({ quality: 90 }).toBuffer(),
  rotate90: (b: Buffer) => sharp(b).rotate(90).jpeg({ quality: 90 }).toBuffer(),
  resize80: (b: Buffer) => sharp(b).resize(200, 200).jpeg({ quality: 90 }).toBuffer(),
};
const copies: TriageInput[] = [];
for (let i = 0; i < edited; i++) {
  const src = readFileSync(first[i]!);
  for (const [name, fn] of Object.entries(edits)) copies.push({ name: `edit/${name}/${i}.jpg`, bytes: new Uint8Array(await fn(src)) });
}
const inputs = (paths: string[]): TriageInput[] => paths.map((p) => ({ name: p.slice(data.length), bytes: new Uint8Array(readFileSync(p)) }));

const h = await apiHarness();
try {
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  const op = await h.services.auth.authenticate((await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token);
  const gallery = (await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Known', kind: 'media', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30 })).json.id;

  const timed = async (list: TriageInput[], galleryId?: string) => {
    const c0 = cpuMs();
    const t0 = performance.now();
    const r = await h.services.triage.run(op, { caseRef: 'BENCH', ...(galleryId ? { galleryId } : {}), files: list });
    const wall = (performance.now() - t0) / 1000;
    const cpu = (cpuMs() - c0) / 1000;
    return { r, rate: Math.round((list.length / wall) * 10) / 10, perCpuSecond: Math.round((list.length / cpu) * 10) / 10, seconds: Math.round(wall * 10) / 10 };
  };
  // Warm-up: starts the hashing worker threads, so the timed runs measure triage, not thread start.
  await timed(inputs(second.slice(0, 4)));
  const add = await timed(inputs(first), gallery);
  // The match run is repeated (3 times, 1 with --quick) and its median rate reported.
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) runs.push(await timed([...inputs(second), ...copies]));
  const run = [...runs].sort((x, y) => x.rate - y.rate)[runs.length >> 1]!;
  const found: Record<string, number> = {};
  for (const name of Object.keys(edits)) {
    const rs = run.r.results.filter((x) => x.file.startsWith(`edit/${name}/`));
    found[name] = Math.round((rs.filter((x) => x.verdict === 'near-duplicate').length / rs.length) * 1000) / 1000;
  }
  const unrelatedFlagged = run.r.results.filter((x) => !x.file.startsWith('edit/') && x.verdict !== 'new').length;
  console.log(`first run (add ${first.length} to gallery): ${add.rate} files/s (${add.seconds} s)`);
  console.log(`second run (${second.length} other photos + ${copies.length} edited copies): ${run.rate} files/s; edited copies found: ${JSON.stringify(found)}; other photos flagged: ${unrelatedFlagged}/${second.length}`);
  console.log(JSON.stringify({
    bench: 'triage', quick, cores: availableParallelism(), loadavg1: Math.round(loadavg()[0]! * 100) / 100,
    addRun: { files: first.length, filesPerSecond: add.rate, filesPerCpuSecond: add.perCpuSecond, seconds: add.seconds, added: add.r.run.counts.added },
    matchRun: { files: second.length + copies.length, repetitions: runs.length, filesPerSecondMedian: run.rate, filesPerSecondAll: runs.map((x) => x.rate), filesPerCpuSecond: run.perCpuSecond, seconds: run.seconds, counts: run.r.run.counts },
    editedCopiesFound: found, otherPhotosFlagged: unrelatedFlagged, otherPhotos: second.length, cameraSizePhotos: camera,
  }));
} finally {
  await h.close();
}
