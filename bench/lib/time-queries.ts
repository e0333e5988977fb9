// Times one top-k search per probe: wall time and the process's CPU time (all threads), which
// other jobs on the machine inflate less than wall time.
import type { VectorHit, VectorIndex } from '../../src/index/types.ts';
import { cpuMs, now, summary } from '../bench-util.ts';

/** Each probe's hits, the wall latencies (ms) and the median CPU time per query (ms). */
export async function timeQueries(index: VectorIndex, probes: Float32Array[], k: number): Promise<{ hits: VectorHit[][]; lat: number[]; cpu: number }> {
  const hits: VectorHit[][] = [];
  const lat: number[] = [];
  const cpu: number[] = [];
  for (const q of probes) {
    const c = cpuMs();
    const t = now();
    hits.push(await index.search(q, k));
    lat.push(now() - t);
    cpu.push(cpuMs() - c);
  }
  return { hits, lat, cpu: summary(cpu).p50 };
}
