// PDQ perceptual image hash (Facebook/Meta PDQ, 2017 algorithm description) over 8-bit pixels.
// Every intermediate is rounded to float32 (Math.fround, or a store into a Float32Array) because
// the C++ reference computes in `float`; with the same pixels this yields the reference hash bit
// for bit. Buffers are reused across calls (JavaScript runs one call at a time per thread).
import { boxAllColumns, boxRow, boxRowSampled, boxSampledColumns, cellCentres, jaroszWindowSize } from './pdq-filter.ts';
import { createPdqKernel } from './pdq-wasm.ts';

export { jaroszWindowSize } from './pdq-filter.ts';

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
/** Images larger than this in either dimension are first resampled to this square size. */
export const PDQ_PRESCALE_DIMENSION = 512;

/** 16×64 DCT-II basis without the DC row, stored as float32 like the reference. */
const DCT = (() => {
  const m = new Float32Array(16 * 64);
  const scale = f(Math.sqrt(2 / 64));
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 2 / 64) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

/** Working buffers, grown to the largest image seen and then reused. */
const scratch = {
  rows: new Float32Array(0), // first row pass (one luma row at a time goes in `row`)
  cols: new Float32Array(0), // first column pass
  row: new Float32Array(0),
  sums: new Float32Array(0),
  sampled: new Float32Array(0), // second row pass at the 64 sampled columns: height×64
  keepRows: new Int32Array(0),
  srcCols: new Int32Array(0),
  sampledCols: new Int32Array(64),
  sampledRows: new Int32Array(64),
  t: new Float32Array(16 * 64),
  sort: new Float32Array(256),
};

function ensure(width: number, height: number): void {
  const n = width * height;
  if (scratch.rows.length < n) { scratch.rows = new Float32Array(n); scratch.cols = new Float32Array(n); }
  if (scratch.row.length < width) { scratch.row = new Float32Array(width); scratch.srcCols = new Int32Array(width); }
  if (scratch.sums.length < Math.max(width, 64)) scratch.sums = new Float32Array(Math.max(width, 64));
  if (scratch.sampled.length < height * 64) { scratch.sampled = new Float32Array(height * 64); scratch.keepRows = new Int32Array(height); }
}

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

/** The size the filter works on: the image, or 512×512 for big images in reference mode. */
function workingSize(width: number, height: number, prescale: boolean): [number, number] {
  const big = prescale && (width > PDQ_PRESCALE_DIMENSION || height > PDQ_PRESCALE_DIMENSION);
  return big ? [PDQ_PRESCALE_DIMENSION, PDQ_PRESCALE_DIMENSION] : [width, height];
}

// One row of luma into `out[outStart..+w]`: source row `srcRow`, source column of output x at
// `srcCols[x]` (in bytes) when resampling, else every pixel in order.
function lumaRow(data: Uint8Array, rowStart: number, w: number, channels: number, srcCols: Int32Array | null, out: Float32Array, outStart: number): void {
  if (srcCols) {
    for (let x = 0, p = outStart; x < w; x++, p++) {
      const q = rowStart + srcCols[x]!;
      out[p] = channels < 3 ? data[q]! : f(LUT_R[data[q]!]! + LUT_G[data[q + 1]!]!) + LUT_B[data[q + 2]!]!;
    }
  } else if (channels < 3) {
    for (let x = 0, q = rowStart, p = outStart; x < w; x++, q += channels, p++) out[p] = data[q]!;
  } else if (channels === 3) {
    for (let x = 0, q = rowStart, p = outStart; x < w; x++, q += 3, p++) out[p] = f(LUT_R[data[q]!]! + LUT_G[data[q + 1]!]!) + LUT_B[data[q + 2]!]!;
  } else {
    for (let x = 0, q = rowStart, p = outStart; x < w; x++, q += channels, p++) out[p] = f(LUT_R[data[q]!]! + LUT_G[data[q + 1]!]!) + LUT_B[data[q + 2]!]!;
  }
}

// Calls `each(rowStart, outRow)` for every working row, with the source-column map when resampling.
function forEachLumaRow(width: number, height: number, channels: number, w: number, h: number, each: (rowStart: number, y: number, srcCols: Int32Array | null) => void): void {
  const resample = w !== width || h !== height;
  let srcCols: Int32Array | null = null;
  if (resample) {
    srcCols = scratch.srcCols;
    for (let x = 0; x < w; x++) srcCols[x] = nearestIndex(x, width, w) * channels;
  }
  for (let y = 0; y < h; y++) each((resample ? nearestIndex(y, height, h) : y) * width * channels, y, srcCols);
}

/**
 * Luma plane from interleaved 8-bit pixels (1–2 channels: grey(+alpha); 3–4: RGB(+alpha);
 * alpha ignored). Like the reference hasher, an image larger than 512 in either dimension is
 * first resampled to 512×512 by nearest neighbour; the tent filter then works on that.
 * `prescale: false` filters the full image instead, as the pdqhash/threatexchange libraries do.
 */
export function lumaFromPixels(data: Uint8Array, width: number, height: number, channels: number, options: { prescale?: boolean } = {}): LumaPlane {
  const [w, h] = workingSize(width, height, options.prescale ?? true);
  ensure(w, h);
  const luma = new Float32Array(w * h);
  forEachLumaRow(width, height, channels, w, h, (rowStart, y, srcCols) => lumaRow(data, rowStart, w, channels, srcCols, luma, y * w));
  return { luma, width: w, height: h };
}

/** Row/column sample positions of the 64×64 grid; `keepRows[row]` is the first output row sampling it, or -1. */
function sampling(width: number, height: number): { cols: Int32Array; rows: Int32Array; keepRows: Int32Array } {
  const cols = cellCentres(width, scratch.sampledCols);
  const rows = cellCentres(height, scratch.sampledRows);
  const keepRows = scratch.keepRows.fill(-1, 0, height);
  // Below 64 rows several output rows sample the same input row; the first one is computed.
  for (let i = 0; i < 64; i++) if (keepRows[rows[i]!] === -1) keepRows[rows[i]!] = i;
  return { cols, rows, keepRows };
}

// Second pass of the tent filter from the first pass's output `a` into the 64×64 `out`.
function secondPassTo64(a: Float32Array, width: number, height: number, out: Float32Array): void {
  const { cols, rows, keepRows } = sampling(width, height);
  const wRows = jaroszWindowSize(width, 64);
  const sampled = scratch.sampled;
  for (let r = 0; r < height; r++) boxRowSampled(a, r * width, width, wRows, cols, sampled, r * 64);
  boxSampledColumns(sampled, out, height, jaroszWindowSize(height, 64), keepRows, scratch.sums);
  for (let i = 0; i < 64; i++) {
    const first = keepRows[rows[i]!]!;
    if (first !== i) out.copyWithin(i * 64, first * 64, first * 64 + 64);
  }
}

/** Two-pass Jarosz tent filter of a luma plane, then nearest-centre decimation to 64×64. */
export function downsampleTo64(a: Float32Array, _scratch: Float32Array | null, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  if (width === 64 && height === 64) {
    out.set(a.subarray(0, 4096));
    return out;
  }
  ensure(width, height);
  const wRows = jaroszWindowSize(width, 64);
  const rowsOut = scratch.rows;
  for (let r = 0; r < height; r++) boxRow(a, r * width, rowsOut, r * width, width, wRows);
  boxAllColumns(rowsOut, scratch.cols, width, height, jaroszWindowSize(height, 64), scratch.sums);
  secondPassTo64(scratch.cols, width, height, out);
  return out;
}

/** The 64×64 filtered image straight from pixels: luma is made one row at a time, never as a plane. */
function pixelsTo64(data: Uint8Array, width: number, height: number, channels: number, prescale: boolean, out: Float32Array): boolean {
  const [w, h] = workingSize(width, height, prescale);
  if (w < PDQ_MIN_DIMENSION || h < PDQ_MIN_DIMENSION) return false;
  ensure(w, h);
  if (w === 64 && h === 64) {
    forEachLumaRow(width, height, channels, w, h, (rowStart, y, srcCols) => lumaRow(data, rowStart, w, channels, srcCols, out, y * 64));
    return true;
  }
  const wRows = jaroszWindowSize(w, 64);
  const { row, rows } = scratch;
  forEachLumaRow(width, height, channels, w, h, (rowStart, y, srcCols) => {
    lumaRow(data, rowStart, w, channels, srcCols, row, 0);
    boxRow(row, 0, rows, y * w, w, wRows);
  });
  boxAllColumns(rows, scratch.cols, w, h, jaroszWindowSize(h, 64), scratch.sums);
  secondPassTo64(scratch.cols, w, h, out);
  return true;
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
export function dct64To16(a: Float32Array, out: Float32Array = new Float32Array(256)): Float32Array {
  // T = D·A with k outermost per row of T: each T[i][j] still sums k = 0..63 in order.
  const t = scratch.t.fill(0);
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let k = 0; k < 64; k++) {
      const d = DCT[ti + k]!;
      const ak = k * 64;
      for (let j = 0; j < 64; j++) t[ti + j] = t[ti + j]! + f(d * a[ak + j]!);
    }
  }
  for (let i = 0; i < 16; i++) {
    const ti = i * 64;
    for (let j = 0; j < 16; j++) {
      const dj = j * 64;
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(t[ti + k]! * DCT[dj + k]!));
      out[i * 16 + j] = s;
    }
  }
  return out;
}

/** 32 bytes; bit i*16+j is set when coefficient (i,j) exceeds the (lower) median. */
export function bitsFromDct(dct: Float32Array): Uint8Array {
  const sorted = scratch.sort;
  sorted.set(dct);
  sorted.sort();
  const median = sorted[127]!;
  const bits = new Uint8Array(32);
  for (let k = 0; k < 256; k++) if (dct[k]! > median) bits[k >> 3]! |= 1 << (k & 7);
  return bits;
}

export const DIHEDRAL_NAMES = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type Dihedral = (typeof DIHEDRAL_NAMES)[number];

// Rotating or flipping the image permutes and negates DCT coefficients: frequency i+1 changes
// sign under a mirror when i is even; rotations by 90° also transpose. Per variant, coefficient k
// of the result is SIGN[k] × coefficient SOURCE[k] of the original.
const DIHEDRAL_MAPS = DIHEDRAL_NAMES.map((which) => {
  const source = new Int32Array(256);
  const sign = new Float32Array(256);
  const set = (k: number, from: number, s: number) => { source[k] = from; sign[k] = s; };
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const from = i * 16 + j;
      switch (which) {
        case 'original': set(from, from, 1); break;
        case 'rotate90': set(j * 16 + i, from, j & 1 ? 1 : -1); break;
        case 'rotate180': set(from, from, (i + j) & 1 ? -1 : 1); break;
        case 'rotate270': set(j * 16 + i, from, i & 1 ? 1 : -1); break;
        case 'flipX': set(from, from, i & 1 ? 1 : -1); break;
        case 'flipY': set(from, from, j & 1 ? 1 : -1); break;
        case 'flipPlus1': set(j * 16 + i, from, 1); break;
        case 'flipMinus1': set(j * 16 + i, from, (i + j) & 1 ? -1 : 1); break;
      }
    }
  }
  return { source, sign };
});

export interface PdqBits {
  bits: Uint8Array;
  quality: number;
}

const small = new Float32Array(4096);
const dctOut = new Float32Array(256);
const variantDct = new Float32Array(256);

/** The DCT block and quality of a luma plane (consumes `luma` as scratch). */
export function pdqDctFromLuma(luma: Float32Array, width: number, height: number): { dct: Float32Array; quality: number } | null {
  if (width < PDQ_MIN_DIMENSION || height < PDQ_MIN_DIMENSION) return null;
  const s = downsampleTo64(luma, null, width, height);
  return { dct: dct64To16(s), quality: qualityOf64(s) };
}

// The compiled kernel computes the same float32 operations natively; this file stays the
// readable reference it is tested against, and the fallback when the kernel file is absent.
const kernel = createPdqKernel({ lutR: LUT_R, lutG: LUT_G, lutB: LUT_B, dct: DCT });
/** Which implementation hashes pixels by default: the compiled kernel, or this file. */
export const PDQ_ENGINE: PdqEngine = kernel ? 'wasm' : 'typescript';
export type PdqEngine = 'wasm' | 'typescript';

export interface PdqPixelOptions {
  /** Resample images over 512 px to 512×512 first, as the reference hasher does (default true). */
  prescale?: boolean;
  /** Force an implementation (tests compare the two); default PDQ_ENGINE. */
  engine?: PdqEngine;
}

/** The DCT block and quality straight from interleaved 8-bit pixels (see lumaFromPixels for channels and prescale). */
export function pdqDctFromPixels(data: Uint8Array, width: number, height: number, channels: number, options: PdqPixelOptions = {}): { dct: Float32Array; quality: number } | null {
  const prescale = options.prescale ?? true;
  if (kernel && (options.engine ?? PDQ_ENGINE) === 'wasm') {
    const quality = kernel.dctFromPixels(data, width, height, channels, prescale, dctOut);
    return quality === null ? null : { dct: dctOut, quality };
  }
  if (!pixelsTo64(data, width, height, channels, prescale, small)) return null;
  return { dct: dct64To16(small, dctOut), quality: qualityOf64(small) };
}

/** PDQ hash bits and quality of a luma plane. */
export function pdqFromLuma(luma: Float32Array, width: number, height: number): PdqBits {
  return bitsOf(pdqDctFromLuma(luma, width, height));
}

/** PDQ hash bits and quality of interleaved 8-bit pixels (the fast path: no luma plane is made). */
export function pdqFromPixels(data: Uint8Array, width: number, height: number, channels: number, options: PdqPixelOptions = {}): PdqBits {
  return bitsOf(pdqDctFromPixels(data, width, height, channels, options));
}

function bitsOf(r: { dct: Float32Array; quality: number } | null): PdqBits {
  return r ? { bits: bitsFromDct(r.dct), quality: r.quality } : { bits: new Uint8Array(32), quality: 0 };
}

function dihedralOf(r: { dct: Float32Array; quality: number } | null): { hashes: Record<Dihedral, Uint8Array>; quality: number } {
  const hashes = {} as Record<Dihedral, Uint8Array>;
  DIHEDRAL_NAMES.forEach((name, v) => {
    if (!r) { hashes[name] = new Uint8Array(32); return; }
    const { source, sign } = DIHEDRAL_MAPS[v]!;
    for (let k = 0; k < 256; k++) variantDct[k] = sign[k]! * r.dct[source[k]!]!;
    hashes[name] = bitsFromDct(variantDct);
  });
  return { hashes, quality: r?.quality ?? 0 };
}

/** The eight dihedral-variant hashes (as if the image were rotated/flipped) from one pass. */
export function pdqDihedralFromLuma(luma: Float32Array, width: number, height: number): { hashes: Record<Dihedral, Uint8Array>; quality: number } {
  return dihedralOf(pdqDctFromLuma(luma, width, height));
}

/** The eight dihedral-variant hashes straight from interleaved 8-bit pixels. */
export function pdqDihedralFromPixels(data: Uint8Array, width: number, height: number, channels: number, options: PdqPixelOptions = {}): { hashes: Record<Dihedral, Uint8Array>; quality: number } {
  return dihedralOf(pdqDctFromPixels(data, width, height, channels, options));
}
