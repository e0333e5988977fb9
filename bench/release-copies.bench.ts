// Where copies of a released image end and other photos of the same person begin (issue 18):
// per LFW identity with several photos, the first photo is released (marked with the band and the
// metadata the candidate-image route adds), then copied as a recipient might: the download itself,
// re-encoded, resized, cropped, mirrored, the band cut off. Each copy's face template is compared
// with the original's (cosine), and so are the identity's other photos. The "same image" threshold
// of release enforcement must lie above the other photos and below the copies; the PDQ reach of
// each copy (released or original hash, any rotation/flip, the PDQ rule's radius) is reported too.
// `npm run bench -- release-copies [--quick] [--people=150] [--others=4]`
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { releaseMarking } from '../src/media/release-marking.ts';
import { PoolFaceEngine } from '../src/signals/face/face-engine.ts';
import { evidenceSignals } from '../src/signals/evidence-signals.ts';
import { listArg, percentile, round } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const lfw = fileURLToPath(new URL('../../shared/data/lfw/', import.meta.url));
if (!existsSync(lfw)) {
  console.log(JSON.stringify({ bench: 'release-copies', skipped: 'shared data not found: ../shared/data/lfw' }));
  process.exit(0);
}
const [peopleCount] = listArg('people', [quick ? 8 : 150]);
const [othersPer] = listArg('others', [quick ? 2 : 4]);

const people = readdirSync(lfw).filter((p) => !p.includes('.')).sort()
  .map((p) => ({ name: p, files: readdirSync(join(lfw, p)).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(lfw, p, f)) }))
  .filter((p) => p.files.length >= 2);
const chosen = Array.from({ length: Math.min(peopleCount!, people.length) }, (_, i) => people[Math.floor((i * people.length) / Math.min(peopleCount!, people.length))]!);

const size = async (b: Buffer) => { const m = await sharp(b).metadata(); return { w: m.width!, h: m.height! }; };
const crop = (p: number) => async (b: Buffer) => {
  const { w, h } = await size(b);
  const dx = Math.round((w * p) / 100), dy = Math.round((h * p) / 100);
  return sharp(b).extract({ left: Math.floor(dx / 3), top: Math.floor(dy / 3), width: w - dx, height: h - dy }).jpeg({ quality: 85 }).toBuffer();
};
/** Copies of the released (marked) file; `unbanded` also needs the original's height. */
const transforms: Record<string, (released: Buffer, originalHeight: number) => Promise<Buffer>> = {
  download: async (b) => b,
  'jpeg-q50': (b) => sharp(b).jpeg({ quality: 50 }).toBuffer(),
  'png': (b) => sharp(b).png().toBuffer(),
  'resize-50': async (b) => sharp(b).resize(Math.round((await size(b)).w / 2)).jpeg({ quality: 85 }).toBuffer(),
  'crop-5': crop(5),
  'crop-10': crop(10),
  mirrored: (b) => sharp(b).flop().jpeg({ quality: 85 }).toBuffer(),
  unbanded: async (b, h) => sharp(b).extract({ left: 0, top: 0, width: (await size(b)).w, height: h }).jpeg({ quality: 85 }).toBuffer(),
};

const engine = new PoolFaceEngine();
const models = engine.models();
const started = performance.now();
type Pdq = { hash: string; quality: number };
const copies: Record<string, Record<string, number[]>> = {};
const others: Record<string, number[]> = {};
const pdqReach: Record<string, { n: number; caught: number }> = {};
/** Per model and transform: copies refused by PDQ or by the face stage at the model's shipped same-image score. */
const shipped: Record<string, Record<string, { n: number; caught: number }>> = {};
const otherPdq = { n: 0, caught: 0 };
let noFace = 0;

function pdqCaught(targets: Pdq[], variants: { hashes: Record<string, string>; quality: number } | null): boolean {
  if (!variants) return false;
  return targets.some((t) => Object.values(variants.hashes).some((h) => evidenceSignals.comparePdq(t, { hash: h, quality: variants.quality }).match));
}

const template = async (modelId: string, bytes: Uint8Array) => (await engine.analyse(bytes, { modelId }))[0]?.embedding;

for (const p of chosen) {
  const original = readFileSync(p.files[0]!);
  const { h } = await size(original);
  const mark = { releaseId: '00000000-0000-4000-8000-000000000000', ownerAgency: { id: 'a', name: 'Agency A' }, recipientAgency: { id: 'b', name: 'Agency B' }, caseRef: 'CASE-1', releasedAt: new Date(0).toISOString(), notice: 'no onward transfer' as const };
  const released = Buffer.from((await releaseMarking.mark(original, mark)).bytes);
  const targets = [(await evidenceSignals.compute(original)).pdq, (await evidenceSignals.compute(released)).pdq].filter((x): x is Pdq => x !== null);
  const made: Record<string, Buffer> = {};
  const byPdq = new Set<string>();
  for (const [name, f] of Object.entries(transforms)) {
    made[name] = await f(released, h);
    const r = (pdqReach[name] ??= { n: 0, caught: 0 });
    r.n++;
    if (pdqCaught(targets, await evidenceSignals.pdqVariants(made[name]!))) { r.caught++; byPdq.add(name); }
  }
  const otherFiles = p.files.slice(1, 1 + othersPer!).map((f) => readFileSync(f));
  for (const o of otherFiles) {
    otherPdq.n++;
    if (pdqCaught(targets, await evidenceSignals.pdqVariants(o))) otherPdq.caught++;
  }
  for (const modelId of models) {
    const ref = await template(modelId, original);
    if (!ref) { noFace++; continue; }
    const byT = (copies[modelId] ??= {});
    const threshold = engine.sameImageScore(modelId) ?? Number.POSITIVE_INFINITY;
    for (const [name, bytes] of Object.entries(made)) {
      const t = await template(modelId, bytes);
      const score = t ? engine.compare(modelId, ref, t) : Number.NaN;
      (byT[name] ??= []).push(score);
      const sh = ((shipped[modelId] ??= {})[name] ??= { n: 0, caught: 0 });
      sh.n++;
      if (byPdq.has(name) || score >= threshold) sh.caught++;
    }
    for (const o of otherFiles) {
      const t = await template(modelId, o);
      if (t) (others[modelId] ??= []).push(engine.compare(modelId, ref, t));
    }
  }
}

const sorted = (xs: number[]) => xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
const perModel: Record<string, unknown> = {};
for (const modelId of models) {
  const all = sorted(Object.values(copies[modelId] ?? {}).flat());
  const oth = sorted(others[modelId] ?? []);
  const copyFloor = percentile(all, 0.01);
  const otherMax = oth[oth.length - 1] ?? 0;
  // Suggested: halfway between the highest other photo and the 1st percentile of copies.
  const suggested = round((copyFloor + otherMax) / 2, 3);
  perModel[modelId] = {
    copies: {
      n: all.length, min: round(all[0] ?? Number.NaN, 4), p01: round(copyFloor, 4), median: round(percentile(all, 0.5), 4),
      byTransform: Object.fromEntries(Object.entries(copies[modelId] ?? {}).map(([k, v]) => { const s = sorted(v); return [k, { n: v.length, missed: v.length - s.length, min: round(s[0] ?? Number.NaN, 4), median: round(percentile(s, 0.5), 4) }]; })),
    },
    otherPhotos: { n: oth.length, max: round(otherMax, 4), p99: round(percentile(oth, 0.99), 4), p95: round(percentile(oth, 0.95), 4), median: round(percentile(oth, 0.5), 4) },
    suggested,
    shipped: {
      sameImageScore: engine.sameImageScore(modelId),
      otherPhotosRefused: round(oth.filter((x) => x >= (engine.sameImageScore(modelId) ?? Number.POSITIVE_INFINITY)).length / Math.max(1, oth.length), 4),
      copiesRefusedPdqOrFace: shipped[modelId] ?? {},
    },
    atSuggested: { copiesCaught: round(all.filter((x) => x >= suggested).length / Math.max(1, all.length), 4), otherPhotosRefused: round(oth.filter((x) => x >= suggested).length / Math.max(1, oth.length), 4) },
  };
}
await engine.close();
console.log(JSON.stringify({
  bench: 'release-copies', quick, people: chosen.length, othersPer, noFace, seconds: round((performance.now() - started) / 1000, 1),
  pdq: { byTransform: pdqReach, otherPhotosCaught: otherPdq },
  face: perModel,
}));
