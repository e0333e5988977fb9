// Shared by the benches that compare ways of cutting and averaging chips for the 128-d model
// on the same LFW images (face-tta, face-align): argument handling, a resumable cache of several
// embeddings per image filled from one detection per image, and the evaluation of variants that
// average subsets of them.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { decodeImage } from '../../src/media/decode.ts';
import { createHumanDetector } from '../../src/signals/face/human-detector.ts';
import { createFaceApiEmbedder } from '../../src/signals/face/faceapi-embedder.ts';
import type { AlignedFace, DetectedFace, RgbImage } from '../../src/signals/face/types.ts';
import { l2normalise } from '../../src/signals/face/vector.ts';
import { labelledFace } from './lfw-embed.ts';
import { decodeVector, encodeVector, firstFolds, lfwAvailable, lfwDir, readPairs, type LfwPair } from './lfw.ts';
import { allPairsHistograms, bestThreshold, dot, round, tenFold, tailShare, thresholdAtFmr, type ScoredPair } from './face-eval.ts';

/** Image file → its embeddings (empty when no face was found). */
export function readChipCache(dir: string): Map<string, Float32Array[]> {
  const out = new Map<string, Float32Array[]>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(`${dir}${f}`, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        const j = JSON.parse(line) as { file: string; embs: string[] };
        out.set(j.file, j.embs.map(decodeVector));
      } catch { /* a line cut short by an interrupted run */ }
    }
  }
  return out;
}

export function appendChipCache(dir: string, file: string, embeddings: Float32Array[]): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(`${dir}part-${process.pid}.jsonl`, JSON.stringify({ file, embs: embeddings.map(encodeVector) }) + '\n');
}

/** The unit-length average of unit vectors. */
export function meanUnit(vs: Float32Array[]): Float32Array {
  const sum = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let i = 0; i < sum.length; i++) sum[i]! += v[i]!;
  return l2normalise(sum);
}

export interface VariantRow {
  variant: string;
  chips: number;
  view2_accuracy: number;
  view2_std: number;
  view2_errors: number;
  errors_at_best_threshold: number;
  pairs: number;
  genuine: number;
  impostor: number;
  tar_at_far_1e3: number | null;
  tar_at_far_1e4: number | null;
}

/**
 * Scores each variant (a name → indices into every image's embeddings, averaged) on the same
 * images: View 2 accuracy over the given pairs' folds (threshold from the other folds), errors
 * at the best single threshold, and TAR at FAR 1e-3 / 1e-4 over all pairs among the images (from
 * score histograms, as face-accuracy reads them).
 * Prints one line per variant to stdout.
 */
export function evaluateVariants(pairs: LfwPair[], images: string[], cache: Map<string, Float32Array[]>, variants: Record<string, number[]>): VariantRow[] {
  const foldList = [...new Set(pairs.map((p) => p.fold))];
  const withFace = images.filter((f) => (cache.get(f)?.length ?? 0) > 0);
  return Object.entries(variants).map(([name, idx]) => {
    const t = new Map(withFace.map((f) => [f, meanUnit(idx.map((k) => cache.get(f)![k]!))]));
    const scored: ScoredPair[] = pairs.map((p) => {
      const a = t.get(p.a), b = t.get(p.b);
      return { ...p, score: a && b ? dot(a, b) : -1, acquired: a !== undefined && b !== undefined };
    });
    const cv = tenFold(scored, foldList);
    const best = bestThreshold(scored);
    const all = allPairsHistograms(withFace.map((f) => ({ file: f, t: t.get(f)! })));
    const tar = (far: number) => {
      const threshold = thresholdAtFmr(all.impostor, far);
      return threshold === null ? null : tailShare(all.genuine, threshold);
    };
    const tar3 = tar(1e-3), tar4 = tar(1e-4);
    const row: VariantRow = {
      variant: name, chips: idx.length, view2_accuracy: round(100 * cv.mean, 2), view2_std: round(100 * cv.std, 2),
      view2_errors: Math.round((1 - cv.mean) * scored.length), errors_at_best_threshold: scored.filter((x) => (x.score >= best) !== x.same).length,
      pairs: scored.length, genuine: all.genuineScores.length, impostor: all.impostor.reduce((a, b) => a + b, 0),
      tar_at_far_1e3: tar3 === null ? null : round(100 * tar3, 2), tar_at_far_1e4: tar4 === null ? null : round(100 * tar4, 2),
    };
    console.log(`${name.padEnd(44)} chips ${String(idx.length).padStart(2)}  View 2 ${row.view2_accuracy.toFixed(2)} ± ${row.view2_std.toFixed(2)} % (${row.view2_errors} errors; ${row.errors_at_best_threshold} at the best threshold)  TAR@FAR 1e-3 ${row.tar_at_far_1e3?.toFixed(2)} %  1e-4 ${row.tar_at_far_1e4?.toFixed(2)} %`);
    return row;
  });
}

export interface ChipBench {
  /** Bench name in the JSON line. */
  name: string;
  cacheDir: string;
  /** Folds used without --folds. */
  defaultFolds: number;
  /** Variant name → indices into the chips `cut` returns, averaged. */
  variants: Record<string, number[]>;
  /** The chips of one detected face, each embedded once by the 128-d model (no flip of its own). */
  cut(image: RgbImage, face: DetectedFace): AlignedFace[];
  /** Further fields for the JSON line, read after the cache is filled. */
  extra?(): Record<string, unknown>;
}

/**
 * Runs a chip bench: `[--quick] [--folds N] [--shard i/n]`. --quick takes 12 pairs of fold 1;
 * --shard only fills the cache with every n-th missing image, so n processes share the work.
 * Prints one line per variant and the JSON object last.
 */
export async function runChipBench(bench: ChipBench): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const folds = quick ? 1 : Number(args[args.indexOf('--folds') + 1] ?? bench.defaultFolds) || bench.defaultFolds;
  const shard = args.includes('--shard') ? args[args.indexOf('--shard') + 1]!.split('/').map(Number) as [number, number] : null;
  if (!lfwAvailable()) {
    console.log(JSON.stringify({ bench: bench.name, skipped: 'shared data not found: ../shared/data/lfw/' }));
    return;
  }
  let pairs = readPairs().filter((p) => p.fold < folds);
  if (quick) pairs = [...pairs.filter((p) => p.same).slice(0, 6), ...pairs.filter((p) => !p.same).slice(0, 6)];
  const images = [...firstFolds(pairs).keys()];
  let cache = readChipCache(bench.cacheDir);
  const todo = images.filter((f, i) => !cache.has(f) && (!shard || i % shard[1] === shard[0]));
  let msPerChip: number | null = null;
  if (todo.length > 0) {
    console.error(`embedding ${todo.length} LFW images…`);
    const detector = await createHumanDetector();
    const embedder = await createFaceApiEmbedder({ flip: false });
    let embedMs = 0, chips = 0;
    for (const [i, file] of todo.entries()) {
      const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
      const face = labelledFace(await detector.detect(image), image);
      let embeddings: Float32Array[] = [];
      if (face) {
        const cut = bench.cut(image, face);
        const t = performance.now();
        embeddings = await embedder.embed(cut);
        embedMs += performance.now() - t;
        chips += cut.length;
      }
      appendChipCache(bench.cacheDir, file, embeddings);
      if ((i + 1) % 100 === 0 || i + 1 === todo.length) console.error(`  ${i + 1}/${todo.length}`);
    }
    await detector.dispose();
    await embedder.dispose();
    msPerChip = chips > 0 ? round(embedMs / chips, 1) : null;
    cache = readChipCache(bench.cacheDir);
  }
  if (shard) return;
  const results = evaluateVariants(pairs, images, cache, bench.variants);
  console.log(JSON.stringify({
    bench: bench.name, quick, folds: [...new Set(pairs.map((p) => p.fold + 1))], images: images.length,
    images_with_face: images.filter((f) => (cache.get(f)?.length ?? 0) > 0).length, ms_per_chip: msPerChip,
    ...bench.extra?.(), loadavg_end: loadavg().map((x) => round(x, 2)), results,
  }));
}
