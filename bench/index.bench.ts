// Vector index benchmark. `--suite=exact` (the default): the exact index (int8 kernel, float32
// re-rank) against today's flat float32 scan and a memory-read baseline, at --exact-sizes ×
// --exact-dims (bench/lib/exact-suite.ts). `--suite=hnsw`: HNSW via usearch (f32/f16/i8) and
// hnswlib against the exact flat scan; `--suite=exact,hnsw` runs both.
// `npm run bench -- index [--quick] [--suite=exact] [--exact-sizes=1000000,10000000] [--exact-dims=128,512] [--exact-probes=20] [--exact-flat-max=2000000]
//   [--data=lfw-gauss,synthetic] [--sizes=100000,1000000] [--dims=128,512]
//   [--impls=usearch,flat,hnswlib] [--ef=32,64,128,256] [--queries=200] [--usearch-quant=f16,i8]
//   [--M=16] [--efc=128] [--chunk=262144] [--flat-queries=20] [--hnswlib-max=100000] [--intrinsic=16]`
// Data kinds (bench/lib/vector-data.ts), named on every row: 'lfw-gauss' = real LFW templates as
// probes with their mates enrolled, among distractors drawn from a Gaussian fitted to real
// templates; 'synthetic' = isotropic face-like vectors, the worst case for a graph index.
// Ground truth is the exact flat f32 scan of every row for every probe (streamed, one thread; its
// time per probe is reported as the exact baseline). HNSW is built with one native
// multi-threaded batch call per chunk of rows. Prints one line per configuration, one JSON last.
import { loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlatVectorIndex } from '../src/index/flat-index.ts';
import { HnswlibIndex } from '../src/index/hnswlib-index.ts';
import { readSnapshot } from '../src/index/snapshot.ts';
import { UsearchIndex } from '../src/index/usearch-index.ts';
import type { PartitionHeader } from '../src/index/vector-partitions.ts';
import type { VectorHit, VectorIndex } from '../src/index/types.ts';
import { cpuMs, gc, listArg, now, round, rssMb, stringListArg, summary } from './bench-util.ts';
import { exactSuite } from './lib/exact-suite.ts';
import { exactTruth } from './lib/exact-truth.ts';
import { timeQueries } from './lib/time-queries.ts';
import { makeData, type DataKind, type VectorData } from './lib/vector-data.ts';

const quick = process.argv.includes('--quick');
const suites = stringListArg('suite', ['exact']);
const exactSizes = listArg('exact-sizes', quick ? [100_000] : [1_000_000, 10_000_000]);
const exactDims = listArg('exact-dims', quick ? [128] : [128, 512]);
const exactProbes = listArg('exact-probes', [quick ? 10 : 20])[0]!;
const exactFlatMax = listArg('exact-flat-max', [2_000_000])[0]!;
const kinds = stringListArg('data', ['lfw-gauss', 'synthetic']) as DataKind[];
const dims = listArg('dims', [128]);
const sizes = listArg('sizes', quick ? [5_000] : [100_000]);
const impls = stringListArg('impls', quick ? ['usearch', 'flat'] : ['usearch', 'flat']);
const efs = listArg('ef', quick ? [64] : [32, 64, 128, 256]);
const nQueries = listArg('queries', [quick ? 30 : 200])[0]!;
const quants = stringListArg('usearch-quant', quick ? ['i8'] : ['f16', 'i8']) as ('f32' | 'f16' | 'i8')[];
const M = listArg('M', [16])[0]!;
const efc = listArg('efc', [128])[0]!;
const chunk = listArg('chunk', [1 << 18])[0]!;
const flatQueries = listArg('flat-queries', [20])[0]!;
const hnswlibMax = listArg('hnswlib-max', [100_000])[0]!;
const intrinsic = listArg('intrinsic', [0])[0]! || undefined;
/** Galleries up to this many bytes of f32 rows are generated once and kept; larger ones are regenerated per pass. */
const keepBytes = 2 ** 31;
const K = 10;
const results: Record<string, unknown>[] = [];
const dir = mkdtempSync(join(tmpdir(), 'abg-bench-index-'));

function report(row: Record<string, unknown>): void {
  results.push(row);
  console.log(Object.entries(row).map(([k, v]) => `${k}=${v}`).join(' '));
}

function recallAt(got: VectorHit[][], truth: string[][]): number {
  let hit = 0;
  let all = 0;
  got.forEach((g, i) => {
    const want = new Set(truth[i]!);
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
  return all === 0 ? Number.NaN : round(hit / all, 4);
}

/** Keeps a gallery that fits in memory, so that each pass does not generate it again. */
function kept(data: VectorData): VectorData {
  if (data.n * data.dim * 4 > keepBytes) return data;
  const all = new Float32Array(data.n * data.dim);
  for (const { start, rows } of data.chunks(chunk)) all.set(rows, start * data.dim);
  return {
    ...data,
    *chunks(size) {
      for (let start = 0; start < data.n; start += size) yield { start, rows: all.subarray(start * data.dim, Math.min(data.n, start + size) * data.dim) };
    },
  };
}

/** Adds every row to the index, one addMany (one native batch for HNSW) per chunk. */
function fill(index: VectorIndex, data: VectorData): void {
  for (const { start, rows } of data.chunks(chunk)) {
    const count = rows.length / data.dim;
    index.addMany(Array.from({ length: count }, (_, i) => ({ id: data.idOf(start + i), gallery: 'g', vector: rows.subarray(i * data.dim, (i + 1) * data.dim) })));
  }
}

const loadNow = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

if (suites.includes('exact')) await exactSuite(exactDims, exactSizes, exactProbes, report, exactFlatMax);

if (suites.includes('hnsw')) {
  for (const kind of kinds) {
    for (const dim of dims) {
      for (const n of sizes) {
        gc();
        let t = now();
        let made: VectorData;
        try {
          made = makeData(kind, dim, n, nQueries, intrinsic);
        } catch (e) {
          console.log(`# data=${kind} skipped: ${(e as Error).message}`);
          continue;
        }
        const data = kept(made);
        const genS = (now() - t) / 1000;
        const { probes, mated } = data;
        console.log(`# data=${kind} d=${dim} N=${n}: ${JSON.stringify(data.info)}; prepared in ${round(genS, 1)} s; load average ${loadNow()}`);
        const base = { data: kind, dim, n };

        // Ground truth: the exact scan, one thread, streamed over the rows (generated again unless kept).
        let c = cpuMs();
        t = now();
        const truth = exactTruth(data, K, chunk);
        const truthS = (now() - t) / 1000;
        const truthCpu = cpuMs() - c;
        report({ ...base, impl: 'exact-scan (truth)', threads: 1, ms_per_query: round((truthS * 1000) / probes.length, 1), cpu_ms_per_query: round(truthCpu / probes.length, 1),
          note: data.n * data.dim * 4 > keepBytes ? 'includes regenerating the rows' : 'rows kept in memory', mated10: matedAt(truth.ids.map((ids) => ids.map((id) => ({ id, gallery: 'g', score: 0 }))), mated),
          top1_score_p50: round(summary(truth.scores.map((s) => s[0]!)).p50, 3), top10_score_p50: round(summary(truth.scores.map((s) => s[K - 1]!)).p50, 3) });

        if (impls.includes('flat') && n * dim * 4 <= keepBytes) {
          const some = probes.slice(0, Math.min(probes.length, flatQueries));
          for (const quantised of [false, true]) {
            gc();
            const rss0 = rssMb();
            const flat = new FlatVectorIndex({ dimension: dim, threads: 2, quantised });
            t = now();
            fill(flat, data);
            const build = (now() - t) / 1000;
            gc();
            const rss = rssMb() - rss0;
            const q = await timeQueries(flat, some, K);
            report({ ...base, impl: quantised ? 'flat-i8' : 'flat-f32', threads: 2, build_s: round(build, 1), rss_delta_mb: rss, queries: some.length, ...summary(q.lat), cpu_p50: q.cpu,
              recall10: recallAt(q.hits, truth.ids), mated10: matedAt(q.hits, mated.slice(0, some.length)) });
            await flat.close();
          }
        }

        if (impls.includes('usearch')) {
          for (const quantization of quants) {
            gc();
            const rss0 = rssMb();
            // Built with the first ef as its search setting and measured before anything is saved,
            // so that a failing save or load cannot lose a long build's figures.
            const index = new UsearchIndex({ dimension: dim, quantization, connectivity: M, expansionAdd: efc, expansionSearch: efs[0], threads: 2 });
            c = cpuMs();
            t = now();
            fill(index, data);
            const build = (now() - t) / 1000;
            const buildCpu = (cpuMs() - c) / 1000;
            gc();
            const rssBuilt = rssMb();
            const common = { ...base, impl: 'usearch', quant: quantization, M, efc, build_s: round(build, 1), build_cpu_s: round(buildCpu, 1), build_threads: 2, rss_build_delta_mb: rssBuilt - rss0 };
            const measure = async (served: UsearchIndex, ef: number, extra: Record<string, unknown>): Promise<VectorHit[][]> => {
              const q = await timeQueries(served, probes, K);
              // Throughput: the probes repeated to at least 1000 queries, on the library's 2 threads.
              const reps = Math.max(1, Math.ceil(1000 / probes.length));
              const many = Array.from({ length: reps }, () => probes).flat();
              t = now();
              const batch = await served.searchMany(many, K, undefined, 2);
              const qps2 = many.length / ((now() - t) / 1000);
              report({
                ...common, ef, rss_serving_mb: rssMb(), ...extra, ...summary(q.lat), cpu_p50: q.cpu, qps_2threads: round(qps2, 1), recall10: recallAt(q.hits, truth.ids),
                recall10_batch: recallAt(batch.slice(0, probes.length), truth.ids), mated10: matedAt(q.hits, mated),
              });
              return q.hits;
            };
            const builtHits = await measure(index, efs[0]!, { served_from: 'built' });
            const file = join(dir, 'usearch.snap');
            let saved: { saveS: number; snapMb: number } | undefined;
            try {
              t = now();
              await index.save(file);
              saved = { saveS: (now() - t) / 1000, snapMb: Math.round(statSync(file).size / 2 ** 20) };
            } catch (e) {
              console.log(`# usearch N=${n}: saving the snapshot failed: ${(e as Error).message}`);
            }
            await index.close();
            gc();
            for (const ef of saved === undefined ? [] : efs) {
              t = now();
              const { value: loaded } = await readSnapshot(file, async (input) => UsearchIndex.fromPayload(input.readJson() as PartitionHeader, input, { expansionSearch: ef }));
              const loadS = (now() - t) / 1000;
              gc();
              const hits = await measure(loaded, ef, { served_from: 'snapshot', snapshot_mb: saved!.snapMb, save_s: round(saved!.saveS, 1), load_s: round(loadS, 1) });
              if (ef === efs[0]) {
                const same = hits.every((h, i) => h.map((x) => x.id).join() === builtHits[i]!.map((x) => x.id).join());
                console.log(`# usearch N=${n} ef=${ef}: answers after the snapshot round trip ${same ? 'identical to' : 'DIFFER from'} the built index's`);
              }
              await loaded.close();
              gc();
            }
            rmSync(file, { force: true });
          }
        }

        if (impls.includes('hnswlib') && n <= hnswlibMax) {
          gc();
          const rss0 = rssMb();
          const index = new HnswlibIndex({ dimension: dim, m: M, efConstruction: efc });
          t = now();
          fill(index, data);
          const build = (now() - t) / 1000;
          gc();
          const rss = rssMb() - rss0;
          for (const ef of efs) {
            index.setEfSearch(ef);
            const q = await timeQueries(index, probes, K);
            report({ ...base, impl: 'hnswlib', M, efc, ef, build_s: round(build, 1), build_threads: 1, rss_delta_mb: rss, ...summary(q.lat), cpu_p50: q.cpu, recall10: recallAt(q.hits, truth.ids), mated10: matedAt(q.hits, mated) });
          }
          await index.close();
        } else if (impls.includes('hnswlib')) {
          console.log(`# hnswlib skipped at N=${n} (single-threaded build; raise --hnswlib-max to run it)`);
        }
        console.log(`# done data=${kind} d=${dim} N=${n}; peak RSS so far ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load average ${loadNow()}`);
      }
    }
  }
}

rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'index', suites, quick, k: K, queries: nQueries, M, efc, loadavg_end: loadavg().map((x) => round(x, 2)), results }));
