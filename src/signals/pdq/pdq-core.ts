// PDQ perceptual image hash over a luma plane (Facebook/Meta PDQ, 2017 algorithm description).
// Every intermediate is rounded to float32 (Math.fround) because the C++ reference computes in
// `float`; with the same luma this yields the reference hash bit for bit.

const f = Math.fround;

const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);
// coefficient × byte for every byte value, each already rounded to float32 as in the reference.
const LUT_R = Float32Array.from({ length: 256 }, (_, v) => LUMA_R * v);
const LUT_G = Float32Array.from({ length: 256 }, (_, v) => LUMA_G * v);
const LUT_B = Float32Array.from({ length: 256 }, (_, v) => LUMA_B * v);
/** Images smaller than this in either dimension get an all-zero hash with quality 0. */
export const PDQ_MIN_DIMENSION = 5;
const JAROSZ_PASSES = 2;

/** 16×64 DCT-II basis without the DC row, stored as float32 like the reference. */
const DCT = (() => {
  const m = new Float32Array(16 * 64);
  const scale = f(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** Images larger than this in either dimension are first resampled to this square size. */
export const PDQ_PRESCALE_DIMENSION = 512;

export interface LumaPlane {
  luma: Float32Array;
  width: number;
  height: number;
}

// Source index of output index `o` under nearest-neighbour resampling from `from` to `to`
// samples, rounding down as the reference's image library does.
function nearestIndex(o: number, from: number, to: number): number {
  return Math.trunc((o * from) / to);
}

/**
 * Luma plane from interleaved 8-bit pixels (1–2 channels: grey(+alpha); 3–4: RGB(+alpha);
 * alpha ignored). Like the reference hasher, an image larger than 512 in either dimension is
 * first resampled to 512×512 by nearest neighbour; the tent filter then works on that.
 * `prescale: false` filters the full image instead, as the pdqhash/threatexchange libraries do.
 */
export function lumaFromPixels(data: Uint8Array, width: number, height: number, channels: number, options: { prescale?: boolean } = {}): LumaPlane {
  const big = (options.prescale ?? true) && (width > PDQ_PRESCALE_DIMENSION || height > PDQ_PRESCALE_DIMENSION);
  const w = big ? PDQ_PRESCALE_DIMENSION : width;
  const h = big ? PDQ_PRESCALE_DIMENSION : height;
  const luma = new Float32Array(w * h);
  if (!big) {
    const n = w * h;
    if (channels < 3) for (let p = 0, q = 0; p < n; p++, q += channels) luma[p] = data[q]!;
    else for (let p = 0, q = 0; p < n; p++, q += channels) luma[p] = f(LUT_R[data[q]!]! + LUT_G[data[q + 1]!]!) + LUT_B[data[q + 2]!]!;
    return { luma, width: w, height: h };
  }
  const cols = new Int32Array(w);
  for (let x = 0; x < w; x++) cols[x] = nearestIndex(x, width, w) * channels;
  for (let y = 0, p = 0; y < h; y++) {
    const row = nearestIndex(y, height, h) * width * channels;
    for (let x = 0; x < w; x++, p++) {
      const q = row + cols[x]!;
      luma[p] = channels < 3 ? data[q]! : f(LUT_R[data[q]!]! + LUT_G[data[q + 1]!]!) + LUT_B[data[q + 2]!]!;
    }
  }
  return { luma, width: w, height: h };
}

/** Window size of one box pass so that two X,Y passes cover one output cell. */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

// One 1-D running-mean pass along a row; the window grows at the start and shrinks at the end.
function boxRow(input: Float32Array, output: Float32Array, start: number, length: number, window: number): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) {
    sum = f(sum + input[ri++]!);
    size++;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri++]!);
    size++;
    output[oi++] = sum / size;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[ri++]!);
    sum = f(sum - input[li++]!);
    output[oi++] = sum / size;
  }
  for (let i = 0; i < half - 1; i++) {
    sum = f(sum - input[li++]!);
    size--;
    output[oi++] = sum / size;
  }
}

// The same running mean down every column, swept row by row so memory is read in order. Each
// column sees exactly the float32 operation sequence of a per-column pass (a store into a
// Float32Array rounds like a float32 operation; the sum is read back after the store because an
// assignment expression's value is the unrounded double).
function boxAllColumns(input: Float32Array, output: Float32Array, width: number, height: number, window: number, sums: Float32Array): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = height - window;
  sums.fill(0, 0, width);
  let r = 0;
  let l = 0;
  let o = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++, r += width, size++) {
    for (let c = 0; c < width; c++) sums[c] += input[r + c]!;
  }
  for (let i = 0; i < phase2; i++, r += width, o += width) {
    size++;
    for (let c = 0; c < width; c++) {
      sums[c] += input[r + c]!;
      output[o + c] = sums[c]! / size;
    }
  }
  for (let i = 0; i < phase3; i++, r += width, l += width, o += width) {
    for (let c = 0; c < width; c++) {
      sums[c] += input[r + c]!;
      sums[c] -= input[l + c]!;
      output[o + c] = sums[c]! / size;
    }
  }
  for (let i = 0; i < half - 1; i++, l += width, o += width) {
    size--;
    for (let c = 0; c < width; c++) {
      sums[c] -= input[l + c]!;
      output[o + c] = sums[c]! / size;
    }
  }
}

// The last column pass: only the 64 sampled columns, and only the sampled rows are written
// (`keepRows[row]` is the output row, or -1), into the 64×64 result.
function boxSampledColumns(
  input: Float32Array, out: Float32Array, width: number, height: number, window: number,
  cols: Int32Array, keepRows: Int32Array, sums: Float32Array,
): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = height - window;
  sums.fill(0, 0, 64);
  let ri = 0;
  let li = 0;
  let oi = 0;
  let size = 0;
  const emit = (row: number) => {
    const k = keepRows[row]!;
    if (k >= 0) for (let c = 0; c < 64; c++) out[k * 64 + c] = sums[c]! / size;
  };
  for (let i = 0; i < half - 1; i++, ri++, size++) {
    const b = ri * width;
    for (let c = 0; c < 64; c++) sums[c] += input[b + cols[c]!]!;
  }
  for (let i = 0; i < phase2; i++, ri++, oi++) {
    const b = ri * width;
    for (let c = 0; c < 64; c++) sums[c] += input[b + cols[c]!]!;
    size++;
    emit(oi);
  }
  for (let i = 0; i < phase3; i++, ri++, li++, oi++) {
    const b = ri * width;
    const l = li * width;
    for (let c = 0; c < 64; c++) {
      sums[c] += input[b + cols[c]!]!;
      sums[c] -= input[l + cols[c]!]!;
    }
    emit(oi);
  }
  for (let i = 0; i < half - 1; i++, li++, oi++) {
    const l = li * width;
    for (let c = 0; c < 64; c++) sums[c] -= input[l + cols[c]!]!;
    size--;
    emit(oi);
  }
}

/** Two-pass Jarosz tent filter on `a` (scratch `b`), then nearest-centre decimation to 64×64. */
export function downsampleTo64(a: Float32Array, b: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  if (width === 64 && height === 64) {
    out.set(a.subarray(0, 4096));
    return out;
  }
  const wRows = jaroszWindowSize(width, 64);
  const wCols = jaroszWindowSize(height, 64);
  const sampledCols = new Int32Array(64);
  const sampledRows = new Int32Array(64);
  const keepRows = new Int32Array(height).fill(-1);
  for (let i = 0; i < 64; i++) {
    sampledCols[i] = Math.trunc(((i + 0.5) * width) / 64);
    sampledRows[i] = Math.trunc(((i + 0.5) * height) / 64);
    // Below 64 rows several output rows sample the same input row; the first one is computed.
    if (keepRows[sampledRows[i]!] === -1) keepRows[sampledRows[i]!] = i;
  }
  const sums = new Float32Array(Math.max(width, 64));
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let r = 0; r < height; r++) boxRow(a, b, r * width, width, wRows);
    // Only the 64 sampled columns and rows of the last pass are ever read.
    if (pass < JAROSZ_PASSES - 1) boxAllColumns(b, a, width, height, wCols, sums);
    else boxSampledColumns(b, out, width, height, wCols, sampledCols, keepRows, sums);
  }
  for (let i = 0; i < 64; i++) {
    const first = keepRows[sampledRows[i]!]!;
    if (first !== i) out.copyWithin(i * 64, first * 64, first * 64 + 64);
  }
  return out;
}

/** Quality 0–100 from quantised gradient sums of the 64×64 image. */
export function qualityOf64(buf: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const d = Math.trunc(f(f(f(buf[i * 64 + j]! - buf[(i + 1) * 64 + j]!) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const d = Math.trunc(f(f(f(buf[i * 64 + j]! - buf[i * 64 + j + 1]!) * 100) / 255));
      sum += Math.abs(d);
    }
  }
  return Math.min(100, Math.trunc(sum / 90));
}

/** B = D·A·Dᵀ: the 16×16 low-frequency block (DC excluded) of the 64×64 DCT. */
export function dct64To16(a: Float32Array): Float32Array {
  // T = D·A with k outermost per row of T: each T[i][j] still sums k = 0..63 in order.
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let k = 0; k < 64; k++) {
      const d = DCT[ti + k]!;
      const ak = k * 64;
      for (let j = 0; j < 64; j++) t[ti + j] += f(d * a[ak + j]!);
    }
  }
  const out = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(t[i * 64 + k]! * DCT[j * 64 + k]!));
      out[i * 16 + j] = s;
    }
  }
  return out;
}

/** 32 bytes; bit i*16+j is set when coefficient (i,j) exceeds the (lower) median. */
export function bitsFromDct(dct: Float32Array): Uint8Array {
  const sorted = Float32Array.from(dct).sort();
  const median = sorted[127]!;
  const bits = new Uint8Array(32);
  for (let k = 0; k < 256; k++) if (dct[k]! > median) bits[k >> 3]! |= 1 << (k & 7);
  return bits;
}

export const DIHEDRAL_NAMES = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type Dihedral = (typeof DIHEDRAL_NAMES)[number];

// Rotating or flipping the image permutes and negates DCT coefficients: frequency i+1 changes
// sign under a mirror when i is even; rotations by 90° also transpose.
function dihedralDct(a: Float32Array, which: Dihedral): Float32Array {
  const b = new Float32Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = a[i * 16 + j]!;
      switch (which) {
        case 'original': b[i * 16 + j] = v; break;
        case 'rotate90': b[j * 16 + i] = j & 1 ? v : -v; break;
        case 'rotate180': b[i * 16 + j] = (i + j) & 1 ? -v : v; break;
        case 'rotate270': b[j * 16 + i] = i & 1 ? v : -v; break;
        case 'flipX': b[i * 16 + j] = i & 1 ? v : -v; break;
        case 'flipY': b[i * 16 + j] = j & 1 ? v : -v; break;
        case 'flipPlus1': b[j * 16 + i] = v; break;
        case 'flipMinus1': b[j * 16 + i] = (i + j) & 1 ? -v : v; break;
      }
    }
  }
  return b;
}

export interface PdqBits {
  bits: Uint8Array;
  quality: number;
}

/** The DCT block and quality of a luma plane (consumes `luma` as scratch). */
export function pdqDctFromLuma(luma: Float32Array, width: number, height: number): { dct: Float32Array; quality: number } | null {
  if (width < PDQ_MIN_DIMENSION || height < PDQ_MIN_DIMENSION) return null;
  const scratch = new Float32Array(width * height);
  const small = downsampleTo64(luma, scratch, width, height);
  return { dct: dct64To16(small), quality: qualityOf64(small) };
}

/** PDQ hash bits and quality of a luma plane (consumes `luma` as scratch). */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqBits {
  const r = pdqDctFromLuma(luma, width, height);
  if (!r) return { bits: new Uint8Array(32), quality: 0 };
  return { bits: bitsFromDct(r.dct), quality: r.quality };
}

/** The eight dihedral-variant hashes (as if the image were rotated/flipped) from one pass. */
export function pdqDihedralFromLuma(luma: Float32Array, width: number, height: number): { hashes: Record<Dihedral, Uint8Array>; quality: number } {
  const r = pdqDctFromLuma(luma, width, height);
  const hashes = {} as Record<Dihedral, Uint8Array>;
  for (const name of DIHEDRAL_NAMES) hashes[name] = r ? bitsFromDct(dihedralDct(r.dct, name)) : new Uint8Array(32);
  return { hashes, quality: r?.quality ?? 0 };
}
