// Measured reach of objections (issue 7): LFW identities with several photos object, one photo
// each is their evidence. Re-shared copies of the evidence (identical bytes, JPEG quality 30–90,
// resize 50 %, crop 5–15 %, horizontal flip, rotation 90°, grayscale, small watermark,
// screenshot-like border) and their *other* LFW photos are checked through the objection service
// over a real SQLite store; every stage runs on every item. Photos of 2,000 non-objectors give the
// false-objection rate per stage.
// The face stage (the installed face engine, one to two images per second on a shared 2-core
// machine) runs in a second pass with its own store: the first --face-objectors objectors file
// with consent to a face reference, and their other photos, the copies the hashes cannot reach
// and --face-non-objectors non-objectors are checked through every stage.
// `npm run bench -- objection-reach [--quick] [--objectors=200] [--others=3] [--non-objectors=2000]
//   [--face-objectors=200] [--face-non-objectors=2000] [--face-fmr=1e-5]`
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { loadConfig } from '../src/app/config.ts';
import { openRuntime } from '../src/app/runtime.ts';
import type { ObjectionStage } from '../src/domain/objection.ts';
import { bootstrap } from '../src/services/bootstrap.service.ts';
import { ObjectionEnforcement } from '../src/services/objection-enforcement.ts';
import { ObjectionService } from '../src/services/objection.service.ts';
import { listArg } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const lfw = fileURLToPath(new URL('../../shared/data/lfw/', import.meta.url));
if (!existsSync(lfw)) {
  console.log(JSON.stringify({ bench: 'objection-reach', skipped: 'shared data not found: ../shared/data/lfw' }));
  process.exit(0);
}
const [objectorCount] = listArg('objectors', [quick ? 20 : 200]);
// Other photos per objector are capped at 5, so that prolific LFW identities do not dominate the rate.
const othersPer = Math.min(5, listArg('others', [quick ? 1 : 3])[0]!);
const [nonObjectorCount] = listArg('non-objectors', [quick ? 200 : 2000]);
const [faceFmr] = listArg('face-fmr', [1e-5]);
const [faceObjectorCount] = listArg('face-objectors', [quick ? 2 : objectorCount!]);
const [faceNonObjectorCount] = listArg('face-non-objectors', [quick ? 6 : nonObjectorCount!]);
/** Copies the face pass checks: the ones the hash stages do not reach, and one they do. */
const faceTransforms = ['crop-15', 'screenshot-border', 'jpeg-q30'];
const stages: ObjectionStage[] = ['exact', 'perceptual', 'face'];

// People with at least 1 + othersPer photos object; the rest of LFW supplies non-objectors.
const people = readdirSync(lfw).filter((p) => !p.includes('.')).sort().map((p) => ({ name: p, files: readdirSync(join(lfw, p)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(lfw, p, f)) }));
const eligible = people.filter((p) => p.files.length >= 1 + Math.max(1, othersPer));
// Evenly spread over the alphabet rather than the first names, deterministic.
const objectors = Array.from({ length: Math.min(objectorCount!, eligible.length) }, (_, i) => eligible[Math.floor((i * eligible.length) / Math.min(objectorCount!, eligible.length))]!);
const objectorNames = new Set(objectors.map((p) => p.name));
const nonObjectorFiles = people.filter((p) => !objectorNames.has(p.name)).map((p) => p.files[0]!);
const nonObjectors = Array.from({ length: Math.min(nonObjectorCount!, nonObjectorFiles.length) }, (_, i) => nonObjectorFiles[Math.floor((i * nonObjectorFiles.length) / Math.min(nonObjectorCount!, nonObjectorFiles.length))]!);

const watermark = (w: number, h: number) => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><text x="${w - 6}" y="${h - 8}" text-anchor="end" font-family="sans-serif" font-size="${Math.round(h / 12)}" fill="white" fill-opacity="0.7" stroke="black" stroke-opacity="0.4">@reshared</text></svg>`);

/** Re-shared copies of one evidence photo. */
const transforms: Record<string, (b: Buffer) => Promise<Buffer>> = {
  identical: async (b) => b,
  'jpeg-q30': (b) => sharp(b).jpeg({ quality: 30 }).toBuffer(),
  'jpeg-q50': (b) => sharp(b).jpeg({ quality: 50 }).toBuffer(),
  'jpeg-q70': (b) => sharp(b).jpeg({ quality: 70 }).toBuffer(),
  'jpeg-q90': (b) => sharp(b).jpeg({ quality: 90 }).toBuffer(),
  'resize-50': async (b) => { const m = await sharp(b).metadata(); return sharp(b).resize(Math.round(m.width! / 2)).jpeg({ quality: 85 }).toBuffer(); },
  ...Object.fromEntries([5, 10, 15].map((p) => [`crop-${p}`, async (b: Buffer) => {
    // Cut p % of width and height, more from the right/bottom than the left/top, as a hand crop would.
    const m = await sharp(b).metadata();
    const dx = Math.round((m.width! * p) / 100), dy = Math.round((m.height! * p) / 100);
    return sharp(b).extract({ left: Math.floor(dx / 3), top: Math.floor(dy / 3), width: m.width! - dx, height: m.height! - dy }).jpeg({ quality: 85 }).toBuffer();
  }])),
  'flip-horizontal': (b) => sharp(b).flop().jpeg({ quality: 85 }).toBuffer(),
  'rotate-90': (b) => sharp(b).rotate(90).jpeg({ quality: 85 }).toBuffer(),
  grayscale: (b) => sharp(b).grayscale().jpeg({ quality: 85 }).toBuffer(),
  watermark: async (b) => { const m = await sharp(b).metadata(); return sharp(b).composite([{ input: watermark(m.width!, m.height!), top: 0, left: 0 }]).jpeg({ quality: 85 }).toBuffer(); },
  'screenshot-border': async (b) => {
    const m = await sharp(b).metadata();
    const top = Math.round(m.height! * 0.12), bottom = Math.round(m.height! * 0.2), side = Math.round(m.width! * 0.04);
    const framed = await sharp(b).extend({ top, bottom, left: side, right: side, background: { r: 245, g: 245, b: 245 } }).toBuffer();
    const bar = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${m.width! + 2 * side}" height="${top}"><rect width="100%" height="100%" fill="#202124"/><text x="8" y="${Math.round(top * 0.7)}" font-family="sans-serif" font-size="${Math.round(top * 0.5)}" fill="#e8eaed">12:41  photo.jpg</text></svg>`);
    return sharp(framed).composite([{ input: bar, top: 0, left: 0 }]).png().toBuffer();
  },
};

const dir = mkdtempSync(join(tmpdir(), 'abg-objection-bench-'));
const rt = await openRuntime(loadConfig({ env: {}, flags: { dataDir: join(dir, 'hash') } }), { logger: { warn: () => {}, info: () => {} } });
const deps = rt.services.deps;
const faceModels = deps.faces.models();
const withFace = faceModels.length > 0 && faceObjectorCount! > 0;
let objections = new ObjectionService(deps, new ObjectionEnforcement(deps, { faceFmr: faceFmr! }));
let actor = await rt.services.auth.authenticate((await bootstrap(deps, { agencyName: 'Controller', adminName: 'dpo' })).token);

type Tally = { n: number; first: Record<string, number>; byStage: Record<ObjectionStage, number>; wrongObjection: number; notChecked: Record<ObjectionStage, number>; ms: number[] };
const tally = (): Tally => ({ n: 0, first: { exact: 0, perceptual: 0, audio: 0, face: 0, none: 0 }, byStage: { exact: 0, perceptual: 0, audio: 0, face: 0 }, wrongObjection: 0, notChecked: { exact: 0, perceptual: 0, audio: 0, face: 0 }, ms: [] });
let groups = new Map<string, Tally>();
const group = (k: string) => groups.get(k) ?? (groups.set(k, tally()), groups.get(k)!);

async function check(kind: string, bytes: Uint8Array, expected: string | null) {
  const t = group(kind);
  const t0 = performance.now();
  const r = await objections.check(actor, { image: bytes, purpose: 'all' });
  t.ms.push(performance.now() - t0);
  t.n++;
  t.first[r.stage ?? 'none']!++;
  for (const s of r.stages) {
    if (!s.checked) t.notChecked[s.stage]++;
    if (!s.caught) continue;
    // For objectors a catch counts only if it names their own objection.
    if (expected === null || s.objectionId === expected) t.byStage[s.stage]++;
    else t.wrongObjection++;
  }
}

/** Runs the checks two at a time, so that both workers of the face engine's pool are busy. */
async function twoAtATime(jobs: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lane = async () => { while (next < jobs.length) await jobs[next++]!(); };
  await Promise.all([lane(), lane()]);
}

const started = performance.now();
const objectionOf = new Map<string, string>();
let fileFailures = 0;
for (const p of objectors) {
  const bytes = new Uint8Array(readFileSync(p.files[0]!));
  try {
    const f = await objections.file(actor, { reference: `DSR-${p.name}`, purposes: ['all'], evidence: [{ fileName: 'evidence.jpg', bytes }] });
    objectionOf.set(p.name, f.objection.id);
  } catch {
    fileFailures++; // e.g. no usable face in the evidence photo for the face reference
  }
}
const fileMs = performance.now() - started;

for (const p of objectors) {
  const id = objectionOf.get(p.name);
  if (!id) continue;
  const ev = readFileSync(p.files[0]!);
  for (const [name, fn] of Object.entries(transforms)) await check(`copy:${name}`, new Uint8Array(await fn(ev)), id);
  for (const f of p.files.slice(1, 1 + othersPer!)) await check('other-photo', new Uint8Array(readFileSync(f)), id);
}
for (const f of nonObjectors) await check('non-objector', new Uint8Array(readFileSync(f)), null);
const totalS = (performance.now() - started) / 1000;

const pct = (a: number, n: number) => (n ? Math.round((1000 * a) / n) / 10 : null);
const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1]! * 10) / 10;
const rowsOf = (g: Map<string, Tally>, face: boolean) => [...g.entries()].map(([k, t]) => ({
  items: k, n: t.n,
  ...Object.fromEntries(stages.map((s) => [s, face || s !== 'face' ? pct(t.byStage[s], t.n) : null])),
  anyStage: pct(t.n - t.first.none!, t.n),
  wrongObjection: t.wrongObjection,
  faceNotChecked: face ? t.notChecked.face : undefined,
  medianCheckMs: median(t.ms),
}));
const rows = rowsOf(groups, false);
await rt.close();

// Second pass: the face stage, with consented face references.
let faceRows: ReturnType<typeof rowsOf> = [];
let faceRefused = 0;
let faceS = 0;
const faceObjectors = objectors.slice(0, faceObjectorCount!);
const faceNonObjectors = nonObjectors.slice(0, faceNonObjectorCount!);
if (withFace) {
  const t0 = performance.now();
  const rt2 = await openRuntime(loadConfig({ env: {}, flags: { dataDir: join(dir, 'face') } }), { logger: { warn: () => {}, info: () => {} } });
  objections = new ObjectionService(rt2.services.deps, new ObjectionEnforcement(rt2.services.deps, { faceFmr: faceFmr! }));
  actor = await rt2.services.auth.authenticate((await bootstrap(rt2.services.deps, { agencyName: 'Controller', adminName: 'dpo' })).token);
  groups = new Map();
  const ids = new Map<string, string>();
  for (const p of faceObjectors) {
    try {
      const f = await objections.file(actor, { reference: `DSR-${p.name}`, purposes: ['all'], evidence: [{ fileName: 'evidence.jpg', bytes: new Uint8Array(readFileSync(p.files[0]!)) }], faceConsent: { consentRef: 'bench' } });
      ids.set(p.name, f.objection.id);
    } catch {
      faceRefused++; // no usable face in the evidence photo
    }
  }
  const jobs: (() => Promise<void>)[] = [];
  for (const p of faceObjectors) {
    const id = ids.get(p.name);
    if (!id) continue;
    const ev = readFileSync(p.files[0]!);
    for (const name of faceTransforms) jobs.push(async () => check(`copy:${name}`, new Uint8Array(await transforms[name]!(ev)), id));
    for (const f of p.files.slice(1, 1 + othersPer!)) jobs.push(() => check('other-photo', new Uint8Array(readFileSync(f)), id));
  }
  for (const f of faceNonObjectors) jobs.push(() => check('non-objector', new Uint8Array(readFileSync(f)), null));
  await twoAtATime(jobs);
  faceRows = rowsOf(groups, true);
  await rt2.close();
  faceS = (performance.now() - t0) / 1000;
}

const print = (title: string, rs: typeof rows) => {
  console.log(title);
  console.log(['items'.padEnd(26), 'n'.padStart(5), ...stages.map((s) => s.padStart(11)), 'anyStage'.padStart(9)].join(''));
  for (const r of rs) console.log([r.items.padEnd(26), String(r.n).padStart(5), ...stages.map((s) => String((r as any)[s] ?? '—').padStart(11)), String(r.anyStage).padStart(9)].join(''));
};
print('pass 1, without face references: caught by each stage (% of items; every stage runs on every item)', rows);
if (withFace) print(`pass 2, ${faceObjectors.length - faceRefused} objectors with consented face references: caught by each stage (%)`, faceRows);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({
  bench: 'objection-reach', quick, objectors: objectionOf.size, objectorsRequested: objectors.length, evidenceRefused: fileFailures, otherPhotosPerObjector: othersPer, nonObjectors: nonObjectors.length,
  pdqMatch: 'Hamming distance <= 31, quality >= 50 on both sides, all 8 rotations/flips of each evidence photo',
  percentCaught: rows, hashPassS: Math.round(totalS * 10) / 10, fileObjectionsS: Math.round(fileMs / 100) / 10,
  faceStage: withFace
    ? { models: faceModels, modelUsed: faceModels[0], faceFmr, threshold: 'scoreAtFmr(model, faceFmr), per comparison', objectors: faceObjectors.length - faceRefused, evidenceWithoutUsableFace: faceRefused, nonObjectors: faceNonObjectors.length, percentCaught: faceRows, seconds: Math.round(faceS * 10) / 10 }
    : 'not measured: no face engine with models installed (or --face-objectors=0)',
  note: 'timings on a shared 2-core machine under load',
}));
