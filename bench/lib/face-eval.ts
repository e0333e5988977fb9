// Verification metrics for the face benchmarks: LFW 10-fold accuracy, TAR at FAR, score
// histograms over all pairs of embedded images (for calibration), error-versus-discard.
import type { CachedImage, LfwPair } from './lfw.ts';
import { identityOf } from './lfw.ts';

export type Variant = { model: string; flip: boolean };

/** The template of an image for a model: chip embedding, or chip+mirror average when flip. */
export function template(img: CachedImage | undefined, v: Variant): Float32Array | undefined {
  const e = img?.embeddings[v.model];
  if (!e) return undefined;
  if (!v.flip) return e[0];
  if (!e[1]) return undefined;
  const out = new Float32Array(e[0].length);
  let n = 0;
  for (let i = 0; i < out.length; i++) { out[i] = e[0][i]! + e[1][i]!; n += out[i]! * out[i]!; }
  n = Math.sqrt(n);
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export interface ScoredPair extends LfwPair {
  /** Cosine similarity; -1 when a face was not found in either image (a failure to acquire counts as a non-match). */
  score: number;
  acquired: boolean;
}

export function scorePairs(pairs: LfwPair[], cache: Map<string, CachedImage>, scorer: (a: CachedImage, b: CachedImage) => number | undefined): ScoredPair[] {
  return pairs.map((p) => {
    const a = cache.get(p.a), b = cache.get(p.b);
    const s = a && b ? scorer(a, b) : undefined;
    return { ...p, score: s ?? -1, acquired: s !== undefined };
  });
}

/** The threshold (accept score ≥ t) with the most correct decisions on these pairs. */
export function bestThreshold(pairs: ScoredPair[]): number {
  const sorted = [...pairs].sort((x, y) => y.score - x.score);
  // Threshold between consecutive scores; accept score ≥ t.
  let tp = 0, fp = 0;
  const negatives = pairs.filter((p) => !p.same).length;
  let best = -Infinity, bestT = sorted[0] ? sorted[0].score + 1e-6 : 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.same) tp++; else fp++;
    const next = sorted[i + 1]?.score ?? -Infinity;
    if (next === sorted[i]!.score) continue;
    const correct = tp + (negatives - fp);
    if (correct > best) { best = correct; bestT = next === -Infinity ? sorted[i]!.score : (sorted[i]!.score + next) / 2; }
  }
  return bestT;
}

export interface FoldResult { fold: number; threshold: number; accuracy: number }

/** LFW View 2 protocol: for each test fold, the threshold maximising accuracy on the other folds. */
export function tenFold(pairs: ScoredPair[], folds: number[]): { mean: number; std: number; folds: FoldResult[] } {
  const results: FoldResult[] = folds.map((fold) => {
    const train = pairs.filter((p) => p.fold !== fold && folds.includes(p.fold));
    const test = pairs.filter((p) => p.fold === fold);
    const t = bestThreshold(train.length > 0 ? train : test);
    const correct = test.filter((p) => (p.score >= t) === p.same).length;
    return { fold: fold + 1, threshold: round(t, 4), accuracy: correct / test.length };
  });
  const accs = results.map((r) => r.accuracy);
  const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
  // Sample standard deviation over folds, as LFW results are usually reported.
  const std = accs.length > 1 ? Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (accs.length - 1)) : 0;
  return { mean, std, folds: results };
}

/** TAR at the threshold where the share of impostor scores ≥ threshold is at most `far`. */
export function tarAtFar(genuine: number[], impostor: number[], far: number): { tar: number; threshold: number } | null {
  const allowed = Math.floor(far * impostor.length);
  if (impostor.length === 0 || far * impostor.length < 1) return null; // not measurable with this many impostors
  const imp = [...impostor].sort((a, b) => b - a);
  const threshold = imp[allowed]! + 1e-9; // strictly above the (allowed+1)-th highest impostor
  return { tar: genuine.filter((g) => g >= threshold).length / genuine.length, threshold };
}

export const histBins = 20000;
export const binOf = (s: number) => Math.max(0, Math.min(histBins - 1, Math.floor(((s + 1) / 2) * histBins)));

/**
 * Histograms of all genuine (same identity) and all impostor (different identity) comparisons
 * between the given templates: every unordered pair once.
 */
export function allPairsHistograms(items: { file: string; t: Float32Array }[]): { genuine: Float64Array; impostor: Float64Array; genuineScores: number[] } {
  const genuine = new Float64Array(histBins), impostor = new Float64Array(histBins);
  const genuineScores: number[] = [];
  const ids = items.map((x) => identityOf(x.file));
  for (let i = 0; i < items.length; i++) {
    const a = items[i]!.t;
    for (let j = i + 1; j < items.length; j++) {
      const s = dot(a, items[j]!.t);
      if (ids[i] === ids[j]) { genuine[binOf(s)]!++; genuineScores.push(s); } else impostor[binOf(s)]!++;
    }
  }
  return { genuine, impostor, genuineScores };
}

/** Tail: share of histogram mass at or above `score`. */
export function tailShare(h: Float64Array, score: number): number {
  let total = 0, tail = 0;
  const b = binOf(score);
  for (let i = 0; i < h.length; i++) { total += h[i]!; if (i >= b) tail += h[i]!; }
  return total ? tail / total : 0;
}

/** Lowest bin edge whose impostor tail share is ≤ fmr. */
export function thresholdAtFmr(impostor: Float64Array, fmr: number): number | null {
  let total = 0;
  for (const c of impostor) total += c;
  if (fmr * total < 1) return null;
  let tail = 0;
  for (let i = impostor.length - 1; i >= 0; i--) {
    if ((tail + impostor[i]!) / total > fmr) return -1 + ((i + 1) * 2) / histBins;
    tail += impostor[i]!;
  }
  return -1;
}

/**
 * Error-versus-discard: FNMR of genuine comparisons at a fixed threshold as the share of
 * comparisons with the lowest quality (min of the two images' unified scores) is discarded.
 */
export function errorVersusDiscard(genuine: { score: number; quality: number }[], threshold: number, fractions: number[]): { discard: number; fnmr: number; kept: number }[] {
  const sorted = [...genuine].sort((a, b) => a.quality - b.quality);
  return fractions.map((f) => {
    const kept = sorted.slice(Math.floor(f * sorted.length));
    const fnmr = kept.filter((g) => g.score < threshold).length / kept.length;
    return { discard: f, fnmr: round(fnmr, 5), kept: kept.length };
  });
}

export function round(v: number, d: number): number {
  return Math.round(v * 10 ** d) / 10 ** d;
}
