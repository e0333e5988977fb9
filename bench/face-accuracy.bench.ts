// LFW View 2 face verification: `npm run bench -- face-accuracy [--quick] [--cached-only] [--write-calibration]`
//  or `npm run bench -- face-accuracy --runtimes [--first-fold 1] [--folds 10] [--minutes M]`: the default path on
//    ONNX Runtime (detector and network) against TensorFlow.js, fold by fold (bench/lib/runtime-accuracy.ts);
//  - 10-fold accuracy (threshold chosen on the other folds), TAR at FAR 1e-3 / 1e-4, per model
//    variant and for score-level fusion;
//  - all-pairs comparisons among the embedded images (every genuine pair, every impostor pair)
//    for TAR at low FAR, the calibration tables and the error-versus-discard curve;
//  - a DET plot against the published dlib curve, written to docs/face-det.svg.
// Embeddings come from the cache in bench/out/face-lfw/; missing images are embedded first
// (slow: see bench/face-lfw-embed.ts to fill it in parallel), unless --cached-only restricts
// the evaluation to the folds whose images are all cached.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildCalibration } from '../src/signals/face/calibration.ts';
import { faceModels } from '../src/signals/face/models.ts';
import { readCache, readPairs, lfwAvailable, lfwDir, uniqueImages, identityOf, type CachedImage, type LfwPair } from './lib/lfw.ts';
import { fillCache } from './lib/lfw-embed.ts';
import {
  allPairsHistograms, dot, errorVersusDiscard, round, scorePairs, tailShare, tarAtFar, template, tenFold, thresholdAtFmr, type Variant,
} from './lib/face-eval.ts';
import { detPoints, detSvg, publishedDet, type DetSeries } from './lib/det-svg.ts';
import { runtimeAccuracy } from './lib/runtime-accuracy.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const cachedOnly = args.includes('--cached-only');
const writeCalibration = args.includes('--write-calibration');

if (!lfwAvailable()) {
  console.log(JSON.stringify({ bench: 'face-accuracy', skipped: 'shared data not found: ../shared/data/lfw/' }));
  process.exit(0);
}

let pairs = readPairs();
// --quick: 30 matched and 30 unmatched pairs of fold 1, in either mode.
if (quick) {
  const f0 = pairs.filter((p) => p.fold === 0);
  pairs = [...f0.filter((p) => p.same).slice(0, 30), ...f0.filter((p) => !p.same).slice(0, 30)];
}
if (args.includes('--runtimes')) {
  const opt = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? NaN) || fallback;
  const result = await runtimeAccuracy(pairs, { folds: quick ? 1 : opt('--folds', 10), minutes: opt('--minutes', Infinity), firstFold: opt('--first-fold', 1) });
  console.log(JSON.stringify({ bench: 'face-accuracy', mode: 'runtimes', quick, ...result, note: 'LFW View 2, mean of per-fold accuracy with the threshold chosen on the other finished folds (the fold itself when only one finished)' }));
  process.exit(0);
}
let cache = readCache();
const missing = uniqueImages(pairs).filter((f) => !cache.has(f));
if (missing.length > 0 && !cachedOnly) {
  console.error(`embedding ${missing.length} LFW images not yet cached…`);
  await fillCache(missing, {
    part: 'bench', withFaceres: () => true,
    onProgress: (n, t, ms) => { if (n % 50 === 0 || n === t) console.error(`  ${n}/${t} (${ms.toFixed(0)} ms/image)`); },
  });
  cache = readCache();
}

const ids = Object.fromEntries(faceModels().map((m) => [m.alias, m.id]));
interface NamedVariant { name: string; parts: Variant[]; product?: string; znorm?: boolean }
const variants: NamedVariant[] = [
  { name: 'faceapi + mirror average', parts: [{ model: 'faceapi', flip: true }], product: 'faceapi' },
  { name: 'faceapi', parts: [{ model: 'faceapi', flip: false }] },
  { name: 'faceres', parts: [{ model: 'faceres', flip: false }], product: 'faceres' },
  { name: 'fusion: mean of faceapi + mirror and faceres', parts: [{ model: 'faceapi', flip: true }, { model: 'faceres', flip: false }] },
  { name: 'fusion: mean of impostor z-scores, faceapi + mirror and faceres', parts: [{ model: 'faceapi', flip: true }, { model: 'faceres', flip: false }], znorm: true },
];
// Impostor score mean and standard deviation per model variant, from its all-pairs histogram.
const impostorStats = new Map<string, { mean: number; std: number }>();
const key = (p: Variant) => `${p.model}/${p.flip}`;

/** A variant's template for an image: undefined if the model did not run on it; null if no face. */
function has(img: CachedImage | undefined, v: NamedVariant): boolean {
  if (!img) return false;
  if (!img.face) return true; // no face found: counts as a failure to acquire, but the image was processed
  return v.parts.every((p) => template(img, p) !== undefined);
}

function scorer(v: NamedVariant) {
  return (a: CachedImage, b: CachedImage): number | undefined => {
    if (!a.face || !b.face) return undefined;
    let s = 0;
    for (const p of v.parts) {
      const raw = dot(template(a, p)!, template(b, p)!);
      const z = v.znorm ? impostorStats.get(key(p)) : undefined;
      s += z ? (raw - z.mean) / z.std : raw;
    }
    return s / v.parts.length;
  };
}

const allFolds = [...new Set(pairs.map((p) => p.fold))];
const report: Record<string, unknown>[] = [];
const detSeries: DetSeries[] = [];
const colours = ['#d62728', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b'];
const calibrations: Record<string, unknown> = {};
let edc: unknown = null;

for (const [k, v] of variants.entries()) {
  const folds = allFolds.filter((f) => pairs.filter((p) => p.fold === f).every((p) => has(cache.get(p.a), v) && has(cache.get(p.b), v)));
  if (folds.length === 0) { report.push({ variant: v.name, folds: 0, note: 'no fold fully embedded for this variant' }); continue; }
  const evalPairs = pairs.filter((p) => folds.includes(p.fold));
  const scored = scorePairs(evalPairs, cache, scorer(v));
  const acc = tenFold(scored, folds);
  const gen = scored.filter((p) => p.same).map((p) => p.score), imp = scored.filter((p) => !p.same).map((p) => p.score);
  const images = uniqueImages(evalPairs);
  const noFace = images.filter((f) => !cache.get(f)!.face).length;
  const row: Record<string, unknown> = {
    variant: v.name,
    model: v.parts.map((p) => ids[p.model]).join(' + '),
    folds: folds.map((f) => f + 1),
    pairs: scored.length,
    images: images.length,
    imagesWithoutFace: noFace,
    accuracy: { mean: round(acc.mean, 4), std: round(acc.std, 4), thresholdChosenOn: folds.length > 1 ? 'other folds' : 'the test fold itself (only one fold embedded)', perFold: acc.folds },
    view2: { tarAtFar1e3: tarAtFar(gen, imp, 1e-3), tarAtFar1e4: tarAtFar(gen, imp, 1e-4), impostorPairs: imp.length },
  };
  detSeries.push({ label: `${v.name} (View 2, ${folds.length} fold${folds.length > 1 ? 's' : ''})`, colour: colours[k]!, points: detPoints(gen, imp) });

  if (v.parts.length === 1) {
    // Every genuine and every impostor comparison among the images of the evaluated folds.
    const part = v.parts[0]!;
    // The reference set: every embedded image named in pairs.txt that this variant covers (in
    // --quick, the quick subset only), beyond the complete folds used for accuracy.
    const pool = quick ? images : [...new Set(readPairs().flatMap((p) => [p.a, p.b]))].filter((f) => cache.has(f)).sort();
    const items = pool.map((f) => ({ file: f, img: cache.get(f)! })).filter((x) => x.img.face && template(x.img, part))
      .map((x) => ({ file: x.file, t: template(x.img, part)!, q: x.img.face!.unified }));
    const h = allPairsHistograms(items);
    const nImp = h.impostor.reduce((a, b) => a + b, 0), nGen = h.genuine.reduce((a, b) => a + b, 0);
    let m1 = 0, m2 = 0;
    h.impostor.forEach((c, b) => { const x = -1 + ((b + 0.5) * 2) / h.impostor.length; m1 += c * x; m2 += c * x * x; });
    impostorStats.set(key(part), { mean: m1 / nImp, std: Math.sqrt(m2 / nImp - (m1 / nImp) ** 2) });
    const at = (far: number) => {
      const t = thresholdAtFmr(h.impostor, far);
      return t === null ? null : { tar: round(tailShare(h.genuine, t), 4), threshold: round(t, 4) };
    };
    row.allPairs = { images: items.length, genuineComparisons: nGen, impostorComparisons: nImp, tarAtFar1e3: at(1e-3), tarAtFar1e4: at(1e-4), tarAtFar1e5: at(1e-5) };
    if (v.product) {
      const table = buildCalibration(ids[v.product]!, `LFW deep-funneled: ${items.length} images named in View 2 pairs.txt, embedded with a detected face (${new Set(items.map((x) => identityOf(x.file))).size} people); every same-identity pair (genuine) and every cross-identity pair (impostor)`, h.genuine, h.impostor);
      calibrations[v.product] = { points: table.points.length, genuine: nGen, impostor: nImp };
      if (writeCalibration && !quick) {
        const dir = fileURLToPath(new URL('../src/signals/face/calibration/', import.meta.url));
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${dir}${v.product}.json`, JSON.stringify(table, null, 1) + '\n');
      }
      if (v.product === 'faceapi') {
        const lfwPoints: [number, number][] = [];
        let gTail = 0, iTail = 0;
        for (let b = h.impostor.length - 1; b >= 0; b--) {
          gTail += h.genuine[b]!; iTail += h.impostor[b]!;
          if (h.impostor[b]! > 0) lfwPoints.push([iTail / nImp, 1 - gTail / nGen]);
        }
        detSeries.push({ label: `${v.name} (all pairs of ${items.length} images, ${(nImp / 1e6).toFixed(1)}M impostor)`, colour: colours[k]!, dashed: true, points: lfwPoints });
        // Error versus discard: genuine comparisons, quality = the lower unified score of the two images.
        const byId = new Map<string, typeof items>();
        for (const it of items) byId.set(identityOf(it.file), [...(byId.get(identityOf(it.file)) ?? []), it]);
        const genuine: { score: number; quality: number }[] = [];
        for (const group of byId.values()) for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) {
          genuine.push({ score: dot(group[i]!.t, group[j]!.t), quality: Math.min(group[i]!.q, group[j]!.q) });
        }
        // Baseline: discarding at random (a fixed-seed shuffle) should leave FNMR flat.
        let seed = 12345;
        const random = genuine.map((g) => ({ score: g.score, quality: (seed = (seed * 1103515245 + 12345) % 2147483648) }));
        const threshold = thresholdAtFmr(h.impostor, 1e-3);
        if (threshold !== null) {
          edc = { model: ids.faceapi, threshold: { fmr: 1e-3, score: round(threshold, 4) }, genuineComparisons: genuine.length,
            curve: errorVersusDiscard(genuine, threshold, [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5]),
            randomDiscard: errorVersusDiscard(random, threshold, [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5]) };
        }
      }
    }
  }
  report.push(row);
}

detSeries.push({ label: 'dlib (published LFW ROC)', colour: '#1f77b4', points: publishedDet(readFileSync(`${lfwDir}published-roc/dlib_LFW_roc_curve.txt`, 'utf8'), true) });
if (!quick) {
  mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
  writeFileSync(fileURLToPath(new URL('../docs/face-det.svg', import.meta.url)),
    detSvg('LFW verification: DET of Abgleich face models vs. published dlib', detSeries, 'Solid: View 2 pairs of the embedded folds; dashed: all pairs of those images; dlib: published View 2 ROC.'));
}
const best = report.filter((r) => r.accuracy && (r.variant as string) !== undefined)
  .sort((a, b) => (b.accuracy as { mean: number }).mean - (a.accuracy as { mean: number }).mean)[0];
console.log(JSON.stringify({
  bench: 'face-accuracy', quick, cachedOnly,
  protocol: 'LFW View 2 (pairs.txt), deep-funneled images; face nearest the image centre; a missed face scores -1 (non-match)',
  best: best?.variant ?? null,
  variants: report,
  calibration: calibrations,
  errorVersusDiscard: edc,
  det: quick ? null : 'docs/face-det.svg',
}));
