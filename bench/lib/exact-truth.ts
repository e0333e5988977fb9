// Ground truth for the vector benchmark: the exact flat f32 scan (the flat index's own kernel)
// over the data's chunks as they are generated, so that nothing holds the gallery twice.
import { scanF32 } from '../../src/index/flat-kernels.ts';
import type { VectorData } from './vector-data.ts';

export interface Truth {
  /** Per probe, the exact top-k ids, best first. */
  ids: string[][];
  /** Per probe, the exact top-k scores. */
  scores: number[][];
}

/** Exact top-k of every probe over all rows; unit rows and probes, so inner product = cosine. */
export function exactTruth(data: VectorData, k: number, chunk: number): Truth {
  const best = data.probes.map(() => ({ rows: [] as number[], scores: [] as number[] }));
  const slots = new Int32Array(k);
  const scores = new Float32Array(k);
  for (const { start, rows } of data.chunks(chunk)) {
    const count = rows.length / data.dim;
    data.probes.forEach((q, p) => {
      const found = scanF32(rows, data.dim, 0, count, q, k, slots, scores);
      const b = best[p]!;
      for (let i = 0; i < found; i++) {
        b.rows.push(start + slots[i]!);
        b.scores.push(scores[i]!);
      }
      // Keep the best k so far; equal scores: lower row first, as the flat index orders them.
      const order = b.rows.map((_, i) => i).sort((x, y) => b.scores[y]! - b.scores[x]! || b.rows[x]! - b.rows[y]!).slice(0, k);
      best[p] = { rows: order.map((i) => b.rows[i]!), scores: order.map((i) => b.scores[i]!) };
    });
  }
  return { ids: best.map((b) => b.rows.map((r) => data.idOf(r))), scores: best.map((b) => b.scores) };
}
