// Shared by the benches that compare ways of cutting and averaging chips for the 128-d model
// on the same LFW images (face-tta, face-align): a resumable cache of several embeddings per
// image, and the evaluation of variants that average subsets of them.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { l2normalise } from '../../src/signals/face/vector.ts';
import { decodeVector, encodeVector, type LfwPair } from './lfw.ts';
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
