// Data for the vector index benchmark, generated in order and in chunks so that a gallery of
// millions never sits in memory twice. Two kinds, reported on every row:
// - 'synthetic': the isotropic face-like generator (src/index/synthetic.ts), 2 samples per
//   identity, probes are fresh samples of enrolled identities. The worst case for a graph index:
//   its intrinsic dimension is the full d.
// - 'lfw-gauss': real LFW templates (the face benchmark's cache, model faceapi, chip + mirror)
//   as probes, with their identities' other images enrolled, mixed into distractors drawn from
//   a Gaussian fitted to the enrolled real templates (mean + covariance, sampled through its
//   eigendecomposition). For d > 128 everything, real and generated, is mapped into d
//   dimensions by one seeded random isometry, so similarities are those of the 128-d model.
import { FaceLike, gaussian, normalise, rng } from '../../src/testing/synthetic-vectors.ts';
import { template } from './face-eval.ts';
import { identityOf, readCache } from './lfw.ts';

export type DataKind = 'synthetic' | 'lfw-gauss';

export interface VectorData {
  kind: DataKind;
  dim: number;
  n: number;
  probes: Float32Array[];
  /** Per probe, the ids of its identity's enrolled samples. */
  mated: string[][];
  /** Facts about the data for the report (sizes, fitted spectrum). */
  info: Record<string, unknown>;
  /** Id of row i. */
  idOf(i: number): string;
  /** All n rows in order, `size` at a time; every call yields the same rows again. */
  chunks(size: number): Iterable<{ start: number; rows: Float32Array }>;
}

export function makeData(kind: DataKind, dim: number, n: number, queries: number, intrinsic?: number): VectorData {
  return kind === 'synthetic' ? syntheticData(dim, n, queries, intrinsic) : lfwGaussData(dim, n, queries);
}

function syntheticData(dim: number, n: number, queries: number, intrinsic?: number): VectorData {
  const options = { dim, seed: 42, ...(intrinsic ? { intrinsic } : {}) };
  const probeGen = new FaceLike({ ...options, noiseSeed: 0x9b0be });
  const r = rng(7);
  const probes: Float32Array[] = [];
  const mated: string[][] = [];
  for (let q = 0; q < queries; q++) {
    const ident = Math.floor(r() * (n >> 1));
    probes.push(probeGen.sample(probeGen.identity(ident)));
    mated.push([`v${2 * ident}`, `v${2 * ident + 1}`]);
  }
  return {
    kind: 'synthetic', dim, n, probes, mated,
    info: { generator: 'face-like, 2 samples per identity, genuine ~0.7, impostor ~0.1', intrinsic: intrinsic ?? dim },
    idOf: (i) => `v${i}`,
    *chunks(size) {
      const gen = new FaceLike(options);
      for (let start = 0; start < n; start += size) {
        const count = Math.min(size, n - start);
        const rows = new Float32Array(count * dim);
        for (let i = 0; i < count; i++) gen.sample(gen.identity((start + i) >> 1), rows, i * dim);
        yield { start, rows };
      }
    },
  };
}

interface RealFaces {
  /** Enrolled real templates (identity, 128-d). */
  enrolled: { identity: string; v: Float32Array }[];
  probes: { identity: string; v: Float32Array }[];
  images: number;
  identities: number;
}

/** Real LFW templates from the cache: per identity with ≥ 2 images one probe, the rest enrolled. */
function realFaces(queries: number): RealFaces {
  const byIdentity = new Map<string, { file: string; v: Float32Array }[]>();
  let images = 0;
  for (const [file, img] of readCache()) {
    const v = template(img, { model: 'faceapi', flip: true });
    if (!v) continue;
    images++;
    const id = identityOf(file);
    let list = byIdentity.get(id);
    if (!list) byIdentity.set(id, (list = []));
    list.push({ file, v });
  }
  if (images < 2) throw new Error('No faceapi embeddings in bench/out/face-lfw/: run `npm run bench -- face-accuracy` first (it fills the cache).');
  const names = [...byIdentity.keys()].sort();
  // A seeded shuffle of the identities with at least two images picks the probe identities.
  const multi = names.filter((n) => byIdentity.get(n)!.length >= 2);
  const r = rng(11);
  for (let i = multi.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [multi[i], multi[j]] = [multi[j]!, multi[i]!];
  }
  const probeOf = new Set(multi.slice(0, queries));
  const enrolled: RealFaces['enrolled'] = [];
  const probes: RealFaces['probes'] = [];
  for (const name of names) {
    const list = byIdentity.get(name)!.sort((a, b) => (a.file < b.file ? -1 : 1));
    list.forEach((x, i) => (probeOf.has(name) && i === 0 ? probes : enrolled).push({ identity: name, v: x.v }));
  }
  return { enrolled, probes, images, identities: names.length };
}

function lfwGaussData(dim: number, n: number, queries: number): VectorData {
  const real = realFaces(queries);
  const base = real.enrolled[0]!.v.length;
  if (dim < base) throw new Error(`lfw-gauss needs d ≥ ${base} (the model's dimension).`);
  const fit = fitGaussian(real.enrolled.map((e) => e.v));
  const lift = dim === base ? undefined : isometry(base, dim, 0x1f7);
  const up = (v: Float32Array): Float32Array => (lift ? normalise(lift.apply(v)) : v);
  // Distractor x = μ + A z with A = V·diag(√λ) (and the isometry applied to μ and A).
  const mean = lift ? lift.apply(fit.mean) : fit.mean;
  const a = new Float32Array(dim * base);
  for (let c = 0; c < base; c++) {
    const col = new Float32Array(base);
    for (let r = 0; r < base; r++) col[r] = fit.vectors[r * base + c]! * Math.sqrt(Math.max(0, fit.values[c]!));
    const out = lift ? lift.apply(col) : col;
    for (let r = 0; r < dim; r++) a[r * base + c] = out[r]!;
  }
  const m = Math.min(real.enrolled.length, n);
  const enrolledRows = real.enrolled.slice(0, m).map((e) => up(e.v));
  const idOfReal = real.enrolled.slice(0, m).map((e, i) => ({ id: `r${i}`, identity: e.identity }));
  const byIdentity = new Map<string, string[]>();
  for (const x of idOfReal) {
    let l = byIdentity.get(x.identity);
    if (!l) byIdentity.set(x.identity, (l = []));
    l.push(x.id);
  }
  const probes = real.probes.map((p) => up(p.v));
  const mated = real.probes.map((p) => byIdentity.get(p.identity) ?? []);
  const total = fit.values.reduce((s, x) => s + x, 0);
  let acc = 0;
  let k90 = 0;
  while (acc < 0.9 * total) acc += fit.values[k90++]!;
  const participation = total ** 2 / fit.values.reduce((s, x) => s + x * x, 0);
  return {
    kind: 'lfw-gauss', dim, n, probes, mated,
    info: {
      real_images: real.images, real_identities: real.identities, real_enrolled: m, probes: probes.length,
      mates_per_probe: round2(mated.reduce((s, x) => s + x.length, 0) / Math.max(1, mated.length)),
      fit_samples: real.enrolled.length, shrinkage: round2(fit.shrinkage), components_90pct_variance: k90,
      participation_ratio: round2(participation), lifted_from: lift ? base : undefined,
    },
    idOf: (i) => (i < m ? `r${i}` : `d${i}`),
    *chunks(size) {
      const g = gaussian(rng(0xd157));
      const z = new Float32Array(base);
      for (let start = 0; start < n; start += size) {
        const count = Math.min(size, n - start);
        const rows = new Float32Array(count * dim);
        for (let i = 0; i < count; i++) {
          const row = start + i;
          const o = i * dim;
          if (row < m) {
            rows.set(enrolledRows[row]!, o);
            continue;
          }
          for (let c = 0; c < base; c++) z[c] = g();
          let norm = 0;
          for (let r = 0; r < dim; r++) {
            let s = mean[r]!;
            const ar = r * base;
            for (let c = 0; c < base; c++) s += a[ar + c]! * z[c]!;
            rows[o + r] = s;
            norm += s * s;
          }
          const inv = 1 / Math.sqrt(norm);
          for (let r = 0; r < dim; r++) rows[o + r] = rows[o + r]! * inv;
        }
        yield { start, rows };
      }
    },
  };
}

const round2 = (x: number): number => Math.round(x * 1000) / 1000;

interface Gaussian {
  mean: Float32Array;
  /** Eigenvalues of the covariance, descending. */
  values: Float64Array;
  /** Eigenvectors as columns of a row-major d × d matrix, in the order of `values`. */
  vectors: Float64Array;
  shrinkage: number;
}

/**
 * Mean and covariance of the samples. With few samples the covariance is shrunk towards a
 * multiple of the identity (weight d / (n + d)) so that it has full rank.
 */
export function fitGaussian(samples: Float32Array[]): Gaussian {
  const d = samples[0]!.length;
  const n = samples.length;
  const mean = new Float64Array(d);
  for (const s of samples) for (let i = 0; i < d; i++) mean[i]! += s[i]! / n;
  const cov = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (const s of samples) {
    for (let i = 0; i < d; i++) x[i] = s[i]! - mean[i]!;
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[i * d + j]! += (x[i]! * x[j]!) / Math.max(1, n - 1);
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i]!;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
  const shrinkage = d / (n + d);
  for (let i = 0; i < d * d; i++) cov[i] = cov[i]! * (1 - shrinkage);
  for (let i = 0; i < d; i++) cov[i * d + i]! += (shrinkage * trace) / d;
  const { values, vectors } = symmetricEigen(cov, d);
  return { mean: Float32Array.from(mean), values, vectors, shrinkage };
}

/** Cyclic Jacobi eigendecomposition of a symmetric d × d matrix; values descending. */
export function symmetricEigen(m: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y * d + y]! - a[x * d + x]!);
  const values = Float64Array.from(order, (i) => a[i * d + i]!);
  const vectors = new Float64Array(d * d);
  order.forEach((src, dst) => {
    for (let k = 0; k < d; k++) vectors[k * d + dst] = v[k * d + src]!;
  });
  return { values, vectors };
}

/** A seeded linear isometry from `from` into `to` ≥ from dimensions (orthonormal columns). */
function isometry(from: number, to: number, seed: number): { apply(v: ArrayLike<number>): Float32Array } {
  const g = gaussian(rng(seed));
  const cols: Float64Array[] = [];
  for (let c = 0; c < from; c++) {
    const col = Float64Array.from({ length: to }, g);
    for (const b of cols) {
      let dot = 0;
      for (let i = 0; i < to; i++) dot += col[i]! * b[i]!;
      for (let i = 0; i < to; i++) col[i]! -= dot * b[i]!;
    }
    let norm = 0;
    for (let i = 0; i < to; i++) norm += col[i]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < to; i++) col[i]! /= norm;
    cols.push(col);
  }
  return {
    apply(v) {
      const out = new Float32Array(to);
      for (let c = 0; c < from; c++) {
        const x = v[c]!;
        const col = cols[c]!;
        for (let i = 0; i < to; i++) out[i]! += x * col[i]!;
      }
      return out;
    },
  };
}
