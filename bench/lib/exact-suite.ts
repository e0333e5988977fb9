// The exact-scan part of `npm run bench -- index`: per size, the memory-read baseline (wasm SIMD
// loads over a buffer of the int8 copy's size, 1 and 2 threads), the exact index (int8 kernel and
// float32 re-rank; 2 threads, and 1 at sizes up to 1M) and today's flat float32 scan on 2 threads,
// each as p50/p99 per top-10 probe and bytes scanned per second; and how many probes' answers
// differ between the exact index and the float32 scan (ids, order and scores). Rows are isotropic
// Gaussian unit vectors generated per chunk from a seed, so no copy of the gallery is kept;
// probes are noisy copies of enrolled rows (a mate at cosine ≈ 0.8 among near-ties). Above
// --exact-flat-max rows (default 2M) today's flat index is not built (it would hold the float32
// rows a second time): the float32 answer comes from the flat scan's kernel streamed over the
// regenerated rows, one thread, and only that is compared.
import { Worker } from 'node:worker_threads';
import { ExactVectorIndex } from '../../src/index/exact-index.ts';
import { exactKernelModule, paddedDim } from '../../src/index/exact-kernel.ts';
import { FlatVectorIndex } from '../../src/index/flat-index.ts';
import { scanF32 } from '../../src/index/flat-kernels.ts';
import type { VectorHit, VectorIndex } from '../../src/index/types.ts';
import { toUnitVector } from '../../src/index/vector-input.ts';
import { gc, now, round, rssMb, summary } from '../bench-util.ts';
import { timeQueries } from './time-queries.ts';

const CHUNK = 1 << 18;
const K = 10;

function rowsOf(chunk: number, count: number, dim: number): Float32Array {
  let s = (chunk * 2654435761 + 12345) >>> 0;
  const next = () => ((s = (s ^ (s << 13)) >>> 0), (s = (s ^ (s >>> 17)) >>> 0), (s = (s ^ (s << 5)) >>> 0), (s + 0.5) / 2 ** 32);
  const out = new Float32Array(count * dim);
  for (let r = 0; r < count; r++) {
    let norm = 0;
    for (let i = 0; i < dim; i += 2) {
      const m = Math.sqrt(-2 * Math.log(next()));
      const a = 2 * Math.PI * next();
      out[r * dim + i] = m * Math.cos(a);
      if (i + 1 < dim) out[r * dim + i + 1] = m * Math.sin(a);
    }
    for (let i = 0; i < dim; i++) norm += out[r * dim + i]! ** 2;
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < dim; i++) out[r * dim + i] = out[r * dim + i]! * inv;
  }
  return out;
}

function fill(index: VectorIndex, n: number, dim: number): void {
  for (let c = 0; c * CHUNK < n; c++) {
    const count = Math.min(CHUNK, n - c * CHUNK);
    const rows = rowsOf(c, count, dim);
    index.addMany(Array.from({ length: count }, (_, i) => ({ id: `r${c * CHUNK + i}`, gallery: 'g', vector: rows.subarray(i * dim, (i + 1) * dim) })));
  }
}

function probesOf(n: number, dim: number, count: number): Float32Array[] {
  const first = rowsOf(0, Math.min(CHUNK, n), dim);
  const noise = rowsOf(1 << 20, count, dim);
  return Array.from({ length: count }, (_, p) => {
    const row = (p * 7919) % Math.min(CHUNK, n);
    return Float32Array.from({ length: dim }, (_, i) => first[row * dim + i]! * 0.8 + noise[p * dim + i]! * 0.6);
  });
}

/** Wall p50/p99 and CPU p50 per probe, after one warm-up search (workers, compilation). */
async function timed(index: VectorIndex, probes: Float32Array[]): Promise<{ hits: VectorHit[][]; p50: number; p99: number; cpu_p50: number }> {
  await index.search(probes[0]!, K);
  const { hits, lat, cpu } = await timeQueries(index, probes, K);
  const s = summary(lat);
  return { hits, p50: s.p50, p99: s.p99, cpu_p50: cpu };
}

// Each worker reads its share once to warm up, then waits for "go" and times five reads of it.
const READ_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, from, to } = workerData;
const read = new WebAssembly.Instance(module, { env: { memory, abort() {} } }).exports.readSum;
read(from, to - from);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    read(from, to - from);
    times.push(performance.now() - t);
  }
  parentPort.postMessage(times);
});
`;

/** Bytes per second plain wasm SIMD loads achieve over `bytes` of shared memory, threads reading their shares at once (median of 5). */
async function readBandwidth(bytes: number, threads: number): Promise<number> {
  const size = Math.ceil(bytes / 64) * 64;
  const pages = Math.ceil(size / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  new Uint8Array(memory.buffer).fill(7); // touch every page: untouched pages would all read one zero page
  const module = exactKernelModule()!;
  const step = Math.ceil(size / threads / 64) * 64;
  const workers = Array.from({ length: threads }, (_, w) => new Worker(READ_WORKER, { eval: true, workerData: { module, memory, from: w * step, to: Math.min(size, (w + 1) * step) } }));
  await Promise.all(workers.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })));
  const times = await Promise.all(workers.map((w) => new Promise<number[]>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); w.postMessage('go'); })));
  await Promise.all(workers.map((w) => w.terminate()));
  // Per repetition the slowest thread decides; the median repetition is reported.
  const slowest = times[0]!.map((_, i) => Math.max(...times.map((t) => t[i]!))).sort((a, b) => a - b);
  return size / (slowest[2]! / 1000);
}

/** The float32 top k per probe (flat kernel, equal scores in id order), streamed over regenerated chunks; and its time per probe. */
function streamedF32(n: number, dim: number, probes: Float32Array[]): { hits: VectorHit[][]; msPerProbe: number } {
  const best = probes.map(() => [] as VectorHit[]);
  const slots = new Int32Array(K);
  const scores = new Float32Array(K);
  const units = probes.map((q) => toUnitVector(q, dim)); // exactly as the indexes normalise
  let scanMs = 0;
  for (let c = 0; c * CHUNK < n; c++) {
    const count = Math.min(CHUNK, n - c * CHUNK);
    const rows = rowsOf(c, count, dim);
    const t = now();
    units.forEach((q, p) => {
      const found = scanF32(rows, dim, 0, count, q, K, slots, scores);
      for (let i = 0; i < found; i++) best[p]!.push({ id: `r${c * CHUNK + slots[i]!}`, gallery: 'g', score: scores[i]! });
      best[p] = best[p]!.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, K);
    });
    scanMs += now() - t;
  }
  return { hits: best, msPerProbe: scanMs / probes.length };
}

const sameAnswer = (a: VectorHit[], b: VectorHit[]) => a.length === b.length && a.every((h, i) => h.id === b[i]!.id && h.score === b[i]!.score);

/** Runs the exact suite over the given sizes and dimensions; returns one result row per measurement. */
export async function exactSuite(dims: number[], sizes: number[], probeCount: number, report: (row: Record<string, unknown>) => void, flatMax = 2_000_000): Promise<void> {
  for (const dim of dims) {
    for (const n of sizes) {
      if (n * dim * 4 * 1.6 > 12 * 2 ** 30) {
        console.log(`# exact d=${dim} N=${n} skipped: the float32 rows (${round((n * dim * 4) / 2 ** 30, 1)} GiB) with their copy while growing do not fit beside the rest`);
        continue;
      }
      const base = { suite: 'exact', dim, n };
      const probes = probesOf(n, dim, probeCount);
      const i8Bytes = n * paddedDim(dim);
      // The timed read covers each thread's share once, like one scan; measured before the indexes exist.
      const read1 = await readBandwidth(i8Bytes, 1);
      const read2 = await readBandwidth(i8Bytes, 2);
      report({ ...base, impl: 'memory read (wasm SIMD loads)', bytes: i8Bytes, read_gb_s_1thread: round(read1 / 1e9, 2), read_gb_s_2threads: round(read2 / 1e9, 2) });

      gc();
      let rss0 = rssMb();
      let t = now();
      const exact = new ExactVectorIndex({ dimension: dim, threads: 2 });
      fill(exact, n, dim);
      const build = (now() - t) / 1000;
      gc();
      const exactRss = rssMb() - rss0;
      const e2 = await timed(exact, probes);
      report({ ...base, impl: 'exact (int8 kernel + f32 re-rank)', threads: 2, build_s: round(build, 1), rss_delta_mb: exactRss, probes: probes.length, p50: e2.p50, p99: e2.p99, cpu_p50: e2.cpu_p50,
        int8_gb_s: round(i8Bytes / (e2.p50 / 1000) / 1e9, 2), of_read_2threads: round(i8Bytes / (e2.p50 / 1000) / read2, 2) });
      await exact.close();
      if (n > flatMax) {
        gc();
        const ref = streamedF32(n, dim, probes);
        const mismatches = probes.filter((_, i) => !sameAnswer(e2.hits[i]!, ref.hits[i]!)).length;
        report({ ...base, impl: 'flat f32 kernel, streamed (reference)', threads: 1, ms_per_probe: round(ref.msPerProbe, 1), f32_gb_s: round((n * dim * 4) / (ref.msPerProbe / 1000) / 1e9, 2) });
        report({ ...base, impl: 'exact vs float32 scan', probes: probes.length, mismatching_probes: mismatches });
        continue;
      }
      if (n <= 1_000_000) {
        const one = new ExactVectorIndex({ dimension: dim, threads: 1 });
        fill(one, n, dim);
        const e1 = await timed(one, probes);
        report({ ...base, impl: 'exact (int8 kernel + f32 re-rank)', threads: 1, p50: e1.p50, p99: e1.p99, cpu_p50: e1.cpu_p50, int8_gb_s: round(i8Bytes / (e1.p50 / 1000) / 1e9, 2), of_read_1thread: round(i8Bytes / (e1.p50 / 1000) / read1, 2) });
        await one.close();
      }
      gc();
      rss0 = rssMb();
      t = now();
      const flat = new FlatVectorIndex({ dimension: dim, threads: 2 });
      fill(flat, n, dim);
      const flatBuild = (now() - t) / 1000;
      gc();
      const flatRss = rssMb() - rss0;
      const f = await timed(flat, probes);
      const f32Bytes = n * dim * 4;
      const mismatches = probes.filter((_, i) => !sameAnswer(e2.hits[i]!, f.hits[i]!)).length;
      report({ ...base, impl: 'flat f32 (before)', threads: 2, build_s: round(flatBuild, 1), rss_delta_mb: flatRss, p50: f.p50, p99: f.p99, cpu_p50: f.cpu_p50, f32_gb_s: round(f32Bytes / (f.p50 / 1000) / 1e9, 2) });
      report({ ...base, impl: 'exact vs flat f32', probes: probes.length, mismatching_probes: mismatches, speedup_p50: round(f.p50 / e2.p50, 1) });
      await flat.close();
      gc();
    }
  }
}
