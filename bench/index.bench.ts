// Vector index benchmark: exact flat (f32, int8), HNSW via usearch (f32/f16/i8) and hnswlib.
// `npm run bench -- index [--quick] [--sizes=100000,1000000] [--dims=128] [--impls=flat,usearch,hnswlib]
//   [--ef=16,32,64,128,256] [--queries=200] [--usearch-quant=f32,f16,i8] [--hnswlib-max=100000]
//   [--intrinsic=16]` (intrinsic: vary identities and noise in a 16-d subspace instead of all d)
// Data: synthetic face-like unit vectors (src/index/synthetic.ts): 2 samples per identity,
// genuine ≈ 0.7, impostor ≈ 0.1. Probes are fresh samples of enrolled identities. Ground truth
// is the exact flat f32 scan. Prints one line per configuration and one JSON object last.
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlatVectorIndex } from '../src/index/flat-index.ts';
import { HnswlibIndex } from '../src/index/hnswlib-index.ts';
import { readSnapshot } from '../src/index/snapshot.ts';
import { FaceLike, rng } from '../src/index/synthetic.ts';
import { UsearchIndex } from '../src/index/usearch-index.ts';
import type { PartitionHeader } from '../src/index/vector-partitions.ts';
import type { VectorEntry, VectorHit, VectorIndex } from '../src/index/types.ts';
import { cpuMs, gc, listArg, now, round, rssMb, stringListArg, summary } from './bench-util.ts';

const quick = process.argv.includes('--quick');
const dims = listArg('dims', [128]);
const sizes = listArg('sizes', quick ? [5_000] : [100_000, 1_000_000]);
const impls = stringListArg('impls', ['flat', 'usearch', 'hnswlib']);
const efs = listArg('ef', quick ? [64] : [16, 32, 64, 128, 256, 512]);
const nQueries = listArg('queries', [quick ? 30 : 200])[0]!;
const quants = stringListArg('usearch-quant', quick ? ['i8'] : ['f32', 'f16', 'i8']) as ('f32' | 'f16' | 'i8')[];
const hnswlibMax = listArg('hnswlib-max', [100_000])[0]!;
const intrinsic = listArg('intrinsic', [0])[0]! || undefined;
const K = 10;
const results: Record<string, unknown>[] = [];
const dir = mkdtempSync(join(tmpdir(), 'abg-bench-index-'));

function report(row: Record<string, unknown>): void {
  results.push(row);
  console.log(Object.entries(row).map(([k, v]) => `${k}=${v}`).join(' '));
}

function recallAt(got: VectorHit[][], truth: VectorHit[][]): number {
  let hit = 0;
  let all = 0;
  got.forEach((g, i) => {
    const want = new Set(truth[i]!.map((h) => h.id));
    hit += g.filter((h) => want.has(h.id)).length;
    all += want.size;
  });
  return round(hit / all, 4);
}

/** Fraction of the probes' mated samples (same identity) found in the top 10. */
function matedAt(got: VectorHit[][], mated: string[][]): number {
  let hit = 0;
  let all = 0;
  got.forEach((g, i) => {
    const ids = new Set(g.map((h) => h.id));
    hit += mated[i]!.filter((m) => ids.has(m)).length;
    all += mated[i]!.length;
  });
  return round(hit / all, 4);
}

async function timeQueries(index: VectorIndex, probes: Float32Array[]): Promise<{ hits: VectorHit[][]; lat: number[]; cpu: number }> {
  const hits: VectorHit[][] = [];
  const lat: number[] = [];
  const cpu: number[] = [];
  for (const q of probes) {
    const c = cpuMs();
    const t = now();
    hits.push(await index.search(q, K));
    lat.push(now() - t);
    cpu.push(cpuMs() - c);
  }
  // CPU time of the process (all threads) per query: less inflated by other jobs than wall time.
  return { hits, lat, cpu: summary(cpu).p50 };
}

for (const dim of dims) {
  for (const n of sizes) {
    gc();
    const gen = new FaceLike({ dim, seed: 42, ...(intrinsic ? { intrinsic } : {}) });
    const t0 = now();
    const data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) gen.sample(gen.identity(i >> 1), data, i * dim);
    const r = rng(7);
    const probes: Float32Array[] = [];
    const mated: string[][] = [];
    for (let q = 0; q < nQueries; q++) {
      const ident = Math.floor(r() * (n >> 1));
      probes.push(gen.sample(gen.identity(ident)));
      mated.push([`v${2 * ident}`, `v${2 * ident + 1}`]);
    }
    const entries = (): VectorEntry[] => Array.from({ length: n }, (_, i) => ({ id: `v${i}`, gallery: 'g', vector: data.subarray(i * dim, (i + 1) * dim) }));
    console.log(`# d=${dim} N=${n}: data generated in ${round((now() - t0) / 1000, 1)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    const base = { dim, n, intrinsic: intrinsic ?? dim };

    // Ground truth and the exact baselines.
    let truth: VectorHit[][];
    {
      gc();
      const rss0 = rssMb();
      const flat = new FlatVectorIndex({ dimension: dim, threads: 2 });
      let t = now();
      flat.addMany(entries());
      const build = (now() - t) / 1000;
      gc();
      const rss = rssMb() - rss0;
      const two = await timeQueries(flat, probes);
      truth = two.hits;
      report({ ...base, impl: 'flat-f32', threads: 2, build_s: round(build, 1), rss_delta_mb: rss, ...summary(two.lat), cpu_p50: two.cpu, qps: round(1000 / summary(two.lat).mean, 1), recall10: 1, mated10: matedAt(two.hits, mated) });
      if (impls.includes('flat')) {
        const single = new FlatVectorIndex({ dimension: dim, threads: 1 });
        single.addMany(entries());
        const some = probes.slice(0, Math.min(probes.length, 50));
        const one = await timeQueries(single, some);
        report({ ...base, impl: 'flat-f32', threads: 1, ...summary(one.lat), cpu_p50: one.cpu, qps: round(1000 / summary(one.lat).mean, 1), recall10: recallAt(one.hits, truth.slice(0, some.length)) });
        await single.close();
      }
      await flat.close();
      if (impls.includes('flat')) {
        gc();
        const rss1 = rssMb();
        const i8 = new FlatVectorIndex({ dimension: dim, threads: 2, quantised: true });
        t = now();
        i8.addMany(entries());
        const b = (now() - t) / 1000;
        gc();
        const q = await timeQueries(i8, probes);
        report({ ...base, impl: 'flat-i8', threads: 2, build_s: round(b, 1), rss_delta_mb: rssMb() - rss1, ...summary(q.lat), cpu_p50: q.cpu, qps: round(1000 / summary(q.lat).mean, 1), recall10: recallAt(q.hits, truth), mated10: matedAt(q.hits, mated) });
        await i8.close();
      }
    }

    if (impls.includes('usearch')) {
      for (const quantization of quants) {
        gc();
        const rss0 = rssMb();
        const index = new UsearchIndex({ dimension: dim, quantization, connectivity: 16, expansionAdd: 128, threads: 2 });
        let t = now();
        index.addMany(entries());
        const build = (now() - t) / 1000;
        gc();
        const rss = rssMb() - rss0;
        const file = join(dir, 'usearch.snap');
        t = now();
        await index.save(file);
        const saveS = (now() - t) / 1000;
        const snapMb = Math.round(statSync(file).size / 2 ** 20);
        await index.close();
        for (const ef of efs) {
          t = now();
          const { value: loaded } = await readSnapshot(file, async (input) => UsearchIndex.fromPayload(input.readJson() as PartitionHeader, input, { expansionSearch: ef }));
          const loadS = (now() - t) / 1000;
          const q = await timeQueries(loaded, probes);
          t = now();
          const batch = await loaded.searchMany(probes, K, undefined, 2);
          const qps2 = probes.length / ((now() - t) / 1000);
          report({
            ...base, impl: 'usearch', quant: quantization, M: 16, efc: 128, ef, build_s: round(build, 1), build_threads: 2, rss_delta_mb: rss,
            snapshot_mb: snapMb, save_s: round(saveS, 1), load_s: round(loadS, 1), ...summary(q.lat), cpu_p50: q.cpu, qps: round(1000 / summary(q.lat).mean, 1),
            qps_2threads: round(qps2, 1), recall10: recallAt(q.hits, truth), recall10_batch: recallAt(batch, truth), mated10: matedAt(q.hits, mated),
          });
          await loaded.close();
          gc();
        }
        rmSync(file, { force: true });
      }
    }

    if (impls.includes('hnswlib') && n <= hnswlibMax) {
      gc();
      const rss0 = rssMb();
      const index = new HnswlibIndex({ dimension: dim, m: 16, efConstruction: 128 });
      const t = now();
      index.addMany(entries());
      const build = (now() - t) / 1000;
      gc();
      const rss = rssMb() - rss0;
      for (const ef of efs) {
        index.setEfSearch(ef);
        const q = await timeQueries(index, probes);
        report({ ...base, impl: 'hnswlib', M: 16, efc: 128, ef, build_s: round(build, 1), build_threads: 1, rss_delta_mb: rss, ...summary(q.lat), cpu_p50: q.cpu, qps: round(1000 / summary(q.lat).mean, 1), recall10: recallAt(q.hits, truth), mated10: matedAt(q.hits, mated) });
      }
      await index.close();
    } else if (impls.includes('hnswlib')) {
      console.log(`# hnswlib skipped at N=${n} (single-threaded build; raise --hnswlib-max to run it)`);
    }
  }
}

rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'index', quick, data: 'synthetic face-like (2 samples per identity, genuine ~0.7, impostor ~0.1)', k: K, queries: nQueries, loadavg_end: loadavg().map((x) => round(x, 2)), results }));
