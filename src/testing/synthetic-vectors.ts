// Seeded synthetic data for the index tests and benchmarks. Not real biometric data.
//
// Face-like vectors: uniformly random unit vectors make every point nearly orthogonal to every
// other, which says nothing about HNSW recall on embeddings. Here each identity is a centre
// sharing a common direction with all others (so unrelated faces score about 0.1, as real
// embeddings do not centre on 0), and each sample is its centre plus Gaussian noise scaled so
// that two samples of one identity score about 0.7.

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  const inv = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  return v;
}

export interface FaceLikeOptions {
  dim: number;
  seed: number;
  /** Target similarity between two samples of one identity (default 0.7). */
  genuine?: number;
  /** Target similarity between two identity centres (default 0.15). */
  shared?: number;
  /**
   * Dimension of the random subspace that identities and noise vary in (default: dim, i.e.
   * isotropic). Real face embeddings vary in far fewer directions than they have components;
   * graph indexes are sensitive to this, so benchmarks report both.
   */
  intrinsic?: number;
  /** Seed of the sampling noise (default: derived from seed); identities depend on seed only. */
  noiseSeed?: number;
}

/** A generator of face-like unit vectors: identity(i) is stable, sample(i) is a fresh capture. */
export class FaceLike {
  readonly dim: number;
  #gauss: () => number;
  #mean: Float32Array;
  #a: number;
  #noise: number;
  #seed: number;
  #basis: Float32Array[] | undefined;

  constructor(o: FaceLikeOptions) {
    this.dim = o.dim;
    this.#seed = o.seed;
    const m = o.intrinsic ?? o.dim;
    if (m < o.dim) {
      const g = gaussian(rng(o.seed ^ 0xba515));
      this.#basis = orthonormal(Array.from({ length: m }, () => Float32Array.from({ length: o.dim }, g)));
    }
    this.#gauss = gaussian(rng(o.noiseSeed ?? o.seed ^ 0x5eed));
    const g = gaussian(rng(o.seed));
    this.#mean = normalise(Float32Array.from({ length: o.dim }, g));
    const shared = o.shared ?? 0.15;
    this.#a = Math.sqrt(shared / (1 - shared));
    const genuine = o.genuine ?? 0.7;
    // cos(c + n1, c + n2) ≈ 1 / (1 + d·s²) for unit c and noise of per-component variance s².
    this.#noise = Math.sqrt((1 / genuine - 1) / m);
  }

  /** A standard Gaussian vector of the (sub)space the data varies in. */
  #random(g: () => number): Float32Array {
    if (!this.#basis) return Float32Array.from({ length: this.dim }, g);
    const out = new Float32Array(this.dim);
    for (const b of this.#basis) {
      const z = g();
      for (let j = 0; j < this.dim; j++) out[j] = out[j]! + z * b[j]!;
    }
    return out;
  }

  /** The centre of identity i (deterministic in i). */
  identity(i: number): Float32Array {
    const g = gaussian(rng((this.#seed * 0x9e3779b1) ^ (i + 1) * 0x85ebca6b));
    const u = normalise(this.#random(g));
    const c = new Float32Array(this.dim);
    for (let j = 0; j < this.dim; j++) c[j] = this.#a * this.#mean[j]! + u[j]!;
    return normalise(c);
  }

  /** A new sample of the identity with centre `c`. */
  sample(c: Float32Array, into = new Float32Array(this.dim), offset = 0): Float32Array {
    const sub = this.#basis ? this.#random(this.#gauss) : undefined;
    let n = 0;
    for (let j = 0; j < this.dim; j++) {
      const x = c[j]! + this.#noise * (sub ? sub[j]! : this.#gauss());
      into[offset + j] = x;
      n += x * x;
    }
    const inv = 1 / Math.sqrt(n);
    for (let j = 0; j < this.dim; j++) into[offset + j] = into[offset + j]! * inv;
    return into;
  }
}

/** Gram–Schmidt: makes the rows orthonormal, in place. */
function orthonormal(rows: Float32Array[]): Float32Array[] {
  rows.forEach((r, i) => {
    for (let p = 0; p < i; p++) {
      const b = rows[p]!;
      let dot = 0;
      for (let j = 0; j < r.length; j++) dot += r[j]! * b[j]!;
      for (let j = 0; j < r.length; j++) r[j] = r[j]! - dot * b[j]!;
    }
    normalise(r);
  });
  return rows;
}

/** Random 256-bit hashes as 8 words each. */
export function randomHashes(n: number, seed: number): Uint32Array {
  const r = rng(seed);
  const out = new Uint32Array(n * 8);
  for (let i = 0; i < out.length; i++) out[i] = (r() * 4294967296) >>> 0;
  return out;
}

/** A copy of the hash at `words[offset..]` with exactly `bits` distinct bits flipped. */
export function flipBits(words: Uint32Array, offset: number, bits: number, rand: () => number): Uint32Array {
  const out = words.slice(offset, offset + 8);
  const chosen = new Set<number>();
  while (chosen.size < bits) chosen.add(Math.floor(rand() * 256));
  for (const b of chosen) out[b >> 5] = (out[b >> 5]! ^ (1 << (b & 31))) >>> 0;
  return out;
}
