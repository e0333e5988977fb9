// PDQ hash index benchmark: exact linear scan vs multi-index hashing (MIH), radius 31.
// `npm run bench -- hash-index [--quick] [--sizes=1000000,10000000] [--queries=200] [--no-kernels] [--impls=linear,mih]`
// Latency is wall time; cpu_p50_ms is the process CPU time per query, which other jobs on a shared
// machine inflate much less.
// Data: uniformly random 256-bit hashes, plus 8 planted near-duplicates per query at distances
// covering 0–31. Exact recall = planted neighbours found (must be 1.0), and MIH must return
// exactly the linear scan's answer. Also compares popcount kernels over packed words.
import { loadavg } from 'node:os';
import { HammingIndex } from '../src/index/hash-index.ts';
import { formatHash, hamming, popcount32 } from '../src/index/hash-input.ts';
import { flipBits, randomHashes, rng } from '../src/testing/synthetic-vectors.ts';
import type { HashHit } from '../src/index/types.ts';
import { cpuMs, gc, listArg, now, round, rssMb, stringListArg, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const sizes = listArg('sizes', quick ? [100_000] : [1_000_000, 10_000_000]);
const nQueries = listArg('queries', [quick ? 50 : 200])[0]!;
const PLANTED = 8;
const modes = stringListArg('impls', ['linear', 'mih']) as ('linear' | 'mih')[];
const results: Record<string, unknown>[] = [];

function report(row: Record<string, unknown>): void {
  results.push(row);
  console.log(Object.entries(row).map(([k, v]) => `${k}=${v}`).join(' '));
}

// --- popcount kernels over packed words (one full radius-31 scan of 1M hashes each) ---------
if (!process.argv.includes('--no-kernels')) {
  const n = quick ? 200_000 : 1_000_000;
  const words = randomHashes(n, 1);
  const q = randomHashes(1, 2);
  const lut = new Uint8Array(1 << 16);
  for (let i = 1; i < lut.length; i++) lut[i] = (i & 1) + lut[i >>> 1]!;
  // BigInt arithmetic allocates per operation; it scans a twentieth of the rows (ns/hash compares).
  const bigRows = Math.floor(n / 20);
  const kernels: Record<string, () => number> = {
    'uint32-swar': () => {
      let c = 0;
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let w = 0; w < 8; w++) d += popcount32(words[r * 8 + w]! ^ q[w]!);
        if (d <= 31) c++;
      }
      return c;
    },
    'uint32-lut16 (shipped)': () => {
      let c = 0;
      for (let r = 0; r < n; r++) if (hamming(words, r * 8, q, 0) <= 31) c++;
      return c;
    },
    'uint32-lut16 (inline)': () => {
      let c = 0;
      for (let r = 0; r < n; r++) {
        let d = 0;
        for (let w = 0; w < 8; w++) {
          const x = words[r * 8 + w]! ^ q[w]!;
          d += lut[x & 0xffff]! + lut[x >>> 16]!;
        }
        if (d <= 31) c++;
      }
      return c;
    },
    'biguint64': () => {
      const big = new BigUint64Array(words.buffer);
      const qb = new BigUint64Array(q.buffer);
      let c = 0;
      for (let r = 0; r < bigRows; r++) {
        let d = 0;
        for (let w = 0; w < 4; w++) {
          let x = big[r * 4 + w]! ^ qb[w]!;
          while (x) {
            x &= x - 1n;
            d++;
          }
        }
        if (d <= 31) c++;
      }
      return c;
    },
  };
  const base: number[] = [];
  for (const [name, fn] of Object.entries(kernels)) {
    const reps = name === 'biguint64' ? 1 : 5;
    const lat: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = now();
      fn();
      lat.push(now() - t);
    }
    const s = summary(lat);
    const rows = name === 'biguint64' ? bigRows : n;
    const ns = (s.p50 * 1e6) / rows;
    if (name === 'uint32-swar') base.push(ns);
    report({ kernel: name, rows, scan_ms_p50: s.p50, ns_per_hash: round(ns, 1), vs_swar: round(ns / base[0]!, 2) });
  }
}

// --- indexes ------------------------------------------------------------------------------------
for (const n of sizes) {
  gc();
  const t0 = now();
  // Bytes, not hex: at 10M the hex round trip would dominate the build time.
  const bytes = new Uint8Array(randomHashes(n, 3).buffer);
  const r = rng(4);
  const queries: Uint32Array[] = [];
  const planted: { id: string; words: Uint32Array; distance: number }[][] = [];
  for (let i = 0; i < nQueries; i++) {
    const q = randomHashes(1, 1000 + i);
    queries.push(q);
    planted.push(Array.from({ length: PLANTED }, (_, j) => {
      const distance = (i * PLANTED + j * 4 + (i % 4)) % 32;
      return { id: `q${i}-d${distance}-${j}`, words: flipBits(q, 0, distance, r), distance };
    }));
  }
  console.log(`# N=${n} (+${nQueries * PLANTED} planted): data in ${round((now() - t0) / 1000, 1)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  let linearAnswers: HashHit[][] = [];
  for (const mode of modes) {
    gc();
    const rss0 = rssMb();
    const index = new HammingIndex({ mode });
    let t = now();
    for (let i = 0; i < n; i++) index.add(`h${i}`, 'g', bytes.subarray(i * 32, i * 32 + 32));
    for (const p of planted) for (const e of p) index.add(e.id, 'g', formatHash(e.words));
    // MIH builds its tables on the first query; count that as build time, not query time.
    await index.searchRadius(formatHash(randomHashes(1, 999_999)), 31);
    const build = (now() - t) / 1000;
    gc();
    const rss = rssMb() - rss0;
    const lat: number[] = [];
    const cpu: number[] = [];
    const answers: HashHit[][] = [];
    let found = 0;
    for (let i = 0; i < nQueries; i++) {
      const hex = formatHash(queries[i]!);
      const c = cpuMs();
      t = now();
      const hits = await index.searchRadius(hex, 31);
      lat.push(now() - t);
      cpu.push(cpuMs() - c);
      answers.push(hits);
      const ids = new Set(hits.map((h) => h.id));
      found += planted[i]!.filter((e) => ids.has(e.id)).length;
    }
    const recall = found / (nQueries * PLANTED);
    let sameAsLinear: boolean | undefined;
    if (mode === 'linear') linearAnswers = answers;
    else if (linearAnswers.length > 0) sameAsLinear = answers.every((a, i) => JSON.stringify(a) === JSON.stringify(linearAnswers[i]));
    const s = summary(lat);
    // k-nearest: MIH answers from its radius-31 candidates when k of them lie within 31 bits,
    // otherwise it falls back to the exact linear scan.
    const knnLat: number[] = [];
    for (let i = 0; i < Math.min(20, nQueries); i++) {
      t = now();
      await index.search(formatHash(queries[i]!), 5);
      knnLat.push(now() - t);
    }
    report({
      n: n + nQueries * PLANTED, impl: `hamming-${mode}`, build_s: round(build, 1), rss_delta_mb: rss, radius: 31,
      p50_ms: s.p50, p99_ms: s.p99, mean_ms: s.mean, cpu_p50_ms: summary(cpu).p50, qps: round(1000 / s.mean, 1), exact_recall: recall,
      ...(sameAsLinear === undefined ? {} : { same_as_linear: sameAsLinear }), knn5_p50_ms: summary(knnLat).p50,
    });
    await index.close();
  }
}

console.log(JSON.stringify({ bench: 'hash-index', quick, data: 'uniform random 256-bit hashes + 8 planted neighbours per query at 0-31 bits', queries: nQueries, loadavg_end: loadavg().map((x) => round(x, 2)), results }));
