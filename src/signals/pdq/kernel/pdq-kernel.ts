// AssemblyScript source of the PDQ kernel (compiled to pdq-kernel.wasm by `npm run gen:wasm`).
// It computes exactly what pdq-core.ts computes — luma, the two-pass Jarosz tent filter to
// 64×64, the 16×16 DCT block and the quality — in native float32, so every result is bit for bit
// the same as the TypeScript reference (which rounds to float32 after every operation). The
// column passes and the DCT run four lanes at a time (wasm SIMD, no fused multiply-add).
//
// Memory: fixed tables first (the host writes the luma coefficients and the DCT basis, so both
// sides use the very same float32 values), then per-image buffers laid out by prepare().

const BASE: usize = (__heap_base + 15) & ~15;
const LUT_R: usize = BASE; // 256 × f32: 0.299 × byte
const LUT_G: usize = LUT_R + 1024;
const LUT_B: usize = LUT_G + 1024;
const DCT: usize = LUT_B + 1024; // 16×64 basis without the DC row
const DCT_T: usize = DCT + 4096; // its transpose, 64×16
const TMP: usize = DCT_T + 4096; // D·A, 16×64
const OUT64: usize = TMP + 4096; // the filtered 64×64 image
const OUT_DCT: usize = OUT64 + 16384; // D·A·Dᵀ, 16×16
const SAMPLED_COLS: usize = OUT_DCT + 1024; // 64 × i32
const SAMPLED_ROWS: usize = SAMPLED_COLS + 256; // 64 × i32
const DYNAMIC: usize = SAMPLED_ROWS + 256;

const MIN_DIMENSION = 5;
const PRESCALE = 512;

// Per-image layout, set by prepare().
let width = 0;
let height = 0;
let channels = 0;
let w = 0; // working size (512×512 for big images in prescale mode)
let h = 0;
let srcCols: usize = 0; // i32 × w: byte offset of each working column's source pixel in a row
let sums: usize = 0; // f32 × max(w, 64)
let rowsPlane: usize = 0; // f32 × w·h: first row pass
let colsPlane: usize = 0; // f32 × w·h: first column pass
let sampled: usize = 0; // f32 × h·64: second row pass at the sampled columns
let keepRows: usize = 0; // i32 × h
let input: usize = 0; // u8 × width·height·channels

/** Where the host writes the three luma tables (3 × 256 f32) and the DCT basis (16×64 f32). */
export function tablesPtr(): usize { return LUT_R; }
export function dctPtr(): usize { return DCT; }
/** The 16×16 DCT block of the last image. */
export function outDctPtr(): usize { return OUT_DCT; }
/** The filtered 64×64 image of the last image. */
export function out64Ptr(): usize { return OUT64; }

/** Call once after the host wrote the DCT basis: keeps its transpose for the second product. */
export function initTables(): void {
  for (let j = 0; j < 16; j++) {
    for (let k = 0; k < 64; k++) store<f32>(DCT_T + ((k * 16 + j) << 2), load<f32>(DCT + ((j * 64 + k) << 2)));
  }
}

function align16(p: usize): usize { return (p + 15) & ~15; }

/**
 * Lays out the buffers for an image of `imgWidth`×`imgHeight` with `imgChannels` interleaved
 * bytes per pixel, growing memory when needed, and returns where the host writes the pixels;
 * 0 when memory cannot grow.
 */
export function prepare(imgWidth: i32, imgHeight: i32, imgChannels: i32, prescale: bool): usize {
  width = imgWidth;
  height = imgHeight;
  channels = imgChannels;
  const big = prescale && (imgWidth > PRESCALE || imgHeight > PRESCALE);
  w = big ? PRESCALE : imgWidth;
  h = big ? PRESCALE : imgHeight;
  const plane = <usize>w * <usize>h * 4;
  srcCols = DYNAMIC;
  sums = align16(srcCols + <usize>w * 4);
  rowsPlane = align16(sums + <usize>max(w, 64) * 4 + 16);
  colsPlane = align16(rowsPlane + plane);
  sampled = align16(colsPlane + plane);
  keepRows = align16(sampled + <usize>h * 256);
  input = align16(keepRows + <usize>h * 4);
  return reserve(input + <usize>imgWidth * <usize>imgHeight * <usize>imgChannels) ? input : 0;
}

// Grows memory to cover `end` bytes; false when it cannot.
function reserve(end: usize): bool {
  const have = <usize>memory.size() << 16;
  if (end <= have) return true;
  return memory.grow(<i32>((end - have + 0xffff) >> 16)) >= 0;
}

reserve(DYNAMIC);

/** Window size of one box pass so that two X,Y passes cover one output cell. */
function windowSize(oldDimension: i32, newDimension: i32): i32 {
  return (oldDimension + 2 * newDimension - 1) / (2 * newDimension);
}

// One working row of luma into `out`, from the source row starting at byte `rowStart`.
function lumaRow(rowStart: usize, resample: bool, out: usize): void {
  for (let x = 0; x < w; x++) {
    const q = rowStart + (resample ? <usize>load<i32>(srcCols + (<usize>x << 2)) : <usize>x * <usize>channels);
    let v: f32;
    if (channels < 3) {
      v = <f32>load<u8>(q);
    } else {
      v = (load<f32>(LUT_R + (<usize>load<u8>(q) << 2)) + load<f32>(LUT_G + (<usize>load<u8>(q + 1) << 2))) + load<f32>(LUT_B + (<usize>load<u8>(q + 2) << 2));
    }
    store<f32>(out + (<usize>x << 2), v);
  }
}

// Running mean of `window` along `length` values (the reference's box pass), for four rows
// `stride` bytes apart at once: four independent running sums, so the processor overlaps them
// instead of waiting on one chain. Output row i goes to `dst` + i·`stride`, every column of it.
function boxRow4(src: usize, dst: usize, stride: usize, length: i32, window: i32): void {
  boxRows4(src, stride, length, window, dst, stride, false);
}

// boxRow4 keeping only the outputs at the 64 sampled columns (SAMPLED_COLS); output rows are
// 256 bytes (64 f32) apart. The running sums still visit every value: their float32 rounding
// depends on all of them.
function boxRowSampled4(src: usize, stride: usize, length: i32, window: i32, dst: usize): void {
  boxRows4(src, stride, length, window, dst, 256, true);
}

// The one body of both row passes. Inlined into each with `sampledOnly` a constant, so each
// keeps its own loop with the other's store folded away.
@inline
function boxRows4(src: usize, stride: usize, length: i32, window: i32, dst: usize, dstStride: usize, sampledOnly: bool): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const s2 = stride * 2;
  const s3 = stride * 3;
  const d2 = dstStride * 2;
  const d3 = dstStride * 3;
  let ri = src;
  let li = src;
  let oi = 0;
  let a: f32 = 0; let b: f32 = 0; let c: f32 = 0; let d: f32 = 0;
  let size: f32 = 0;
  let k: usize = 0;
  for (let i = 0; i < half - 1; i++) {
    a += load<f32>(ri); b += load<f32>(ri + stride); c += load<f32>(ri + s2); d += load<f32>(ri + s3);
    ri += 4; size += 1;
  }
  for (let i = 0; i < phase2; i++, oi++) {
    a += load<f32>(ri); b += load<f32>(ri + stride); c += load<f32>(ri + s2); d += load<f32>(ri + s3);
    ri += 4; size += 1;
    k = emit4(sampledOnly, oi, k, dst, dstStride, d2, d3, a, b, c, d, size);
  }
  for (let i = 0; i < phase3; i++, oi++) {
    a = (a + load<f32>(ri)) - load<f32>(li);
    b = (b + load<f32>(ri + stride)) - load<f32>(li + stride);
    c = (c + load<f32>(ri + s2)) - load<f32>(li + s2);
    d = (d + load<f32>(ri + s3)) - load<f32>(li + s3);
    ri += 4; li += 4;
    k = emit4(sampledOnly, oi, k, dst, dstStride, d2, d3, a, b, c, d, size);
  }
  for (let i = 0; i < half - 1; i++, oi++) {
    a -= load<f32>(li); b -= load<f32>(li + stride); c -= load<f32>(li + s2); d -= load<f32>(li + s3);
    li += 4; size -= 1;
    k = emit4(sampledOnly, oi, k, dst, dstStride, d2, d3, a, b, c, d, size);
  }
}

// Writes the four running means of output column `at`: to that column, or (sampledOnly) to
// every sampled position equal to `at` (positions are non-decreasing, and below 64 columns
// several share one). Returns the next unwritten sampled slot.
@inline
function emit4(sampledOnly: bool, at: i32, k: usize, dst: usize, d1: usize, d2: usize, d3: usize, a: f32, b: f32, c: f32, d: f32, size: f32): usize {
  if (!sampledOnly) {
    const o = dst + (<usize>at << 2);
    store<f32>(o, a / size); store<f32>(o + d1, b / size); store<f32>(o + d2, c / size); store<f32>(o + d3, d / size);
    return k;
  }
  while (k < 64 && load<i32>(SAMPLED_COLS + (k << 2)) == at) {
    const o = dst + (k << 2);
    store<f32>(o, a / size); store<f32>(o + d1, b / size); store<f32>(o + d2, c / size); store<f32>(o + d3, d / size);
    k++;
  }
  return k;
}

// The running mean down every column of a `cols`-wide plane, four columns per SIMD lane group;
// `outRow` decides where (and whether) each output row is written.
function boxColumns(src: usize, dst: usize, cols: i32, rows: i32, window: i32, sampledOnly: bool): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = rows - window;
  const stride = <usize>cols << 2;
  const vecEnd = <usize>(cols & ~3) << 2;
  memory.fill(sums, 0, stride);
  let r = src;
  let l = src;
  let o = 0; // output row index
  let size: f32 = 0;
  for (let i = 0; i < half - 1; i++, r += stride) {
    size += 1;
    columnStep(r, 0, 0, stride, vecEnd, size, true, false);
  }
  for (let i = 0; i < phase2; i++, r += stride, o++) {
    size += 1;
    columnStep(r, 0, outRow(dst, o, stride, sampledOnly), stride, vecEnd, size, true, false);
  }
  for (let i = 0; i < phase3; i++, r += stride, l += stride, o++) {
    columnStep(r, l, outRow(dst, o, stride, sampledOnly), stride, vecEnd, size, true, true);
  }
  for (let i = 0; i < half - 1; i++, l += stride, o++) {
    size -= 1;
    columnStep(0, l, outRow(dst, o, stride, sampledOnly), stride, vecEnd, size, false, true);
  }
}

// One row of the column pass: the running sums gain row `r` (add) and lose row `l` (sub), in
// that order, and their means go to `out` (0 = not kept). Inlined with add and sub constant.
@inline
function columnStep(r: usize, l: usize, out: usize, stride: usize, vecEnd: usize, size: f32, add: bool, sub: bool): void {
  const vs = f32x4.splat(size);
  for (let c: usize = 0; c < vecEnd; c += 16) {
    let s = v128.load(sums + c);
    if (add) s = f32x4.add(s, v128.load(r + c));
    if (sub) s = f32x4.sub(s, v128.load(l + c));
    v128.store(sums + c, s);
    if (out) v128.store(out + c, f32x4.div(s, vs));
  }
  for (let c: usize = vecEnd; c < stride; c += 4) {
    let s = load<f32>(sums + c);
    if (add) s += load<f32>(r + c);
    if (sub) s -= load<f32>(l + c);
    store<f32>(sums + c, s);
    if (out) store<f32>(out + c, s / size);
  }
}

// Output row `o` of a column pass: every row of `dst`, or (second pass) only rows some output
// row samples, written to the first 64×64 row that samples it; 0 = not kept.
function outRow(dst: usize, o: i32, stride: usize, sampledOnly: bool): usize {
  if (!sampledOnly) return dst + <usize>o * stride;
  const keep = load<i32>(keepRows + (<usize>o << 2));
  return keep < 0 ? 0 : dst + <usize>keep * 256;
}

function cellCentres(dimension: i32, into: usize): void {
  for (let i = 0; i < 64; i++) store<i32>(into + (<usize>i << 2), <i32>(((<f64>i + 0.5) * <f64>dimension) / 64.0));
}

// The tent filter from pixels to the 64×64 OUT64; false when the image is too small to hash.
function pixelsTo64(): bool {
  if (w < MIN_DIMENSION || h < MIN_DIMENSION) return false;
  const resample = w != width || h != height;
  if (resample) for (let x = 0; x < w; x++) store<i32>(srcCols + (<usize>x << 2), ((x * width) / w) * channels);
  const rowBytes = <usize>width * <usize>channels;
  if (w == 64 && h == 64) {
    for (let y = 0; y < h; y++) lumaRow(input + <usize>(resample ? (y * height) / h : y) * rowBytes, resample, OUT64 + (<usize>y << 8));
    return true;
  }
  const wRows = windowSize(w, 64);
  const wCols = windowSize(h, 64);
  const rowStride = <usize>w << 2;
  // Luma into colsPlane (free until the column pass), the row pass four rows at a time.
  for (let y = 0; y < h; y++) lumaRow(input + <usize>(resample ? (y * height) / h : y) * rowBytes, resample, colsPlane + <usize>y * rowStride);
  // Rows go in groups of four; the last group ends at row h-1 and may redo a few rows, which
  // writes the same values again (h ≥ MIN_DIMENSION > 4).
  for (let y = 0; y < h; y += 4) {
    const r = <usize>min(y, h - 4) * rowStride;
    boxRow4(colsPlane + r, rowsPlane + r, rowStride, w, wRows);
  }
  boxColumns(rowsPlane, colsPlane, w, h, wCols, false);
  // Second pass: rows at the sampled columns, then the columns at the sampled rows.
  cellCentres(w, SAMPLED_COLS);
  cellCentres(h, SAMPLED_ROWS);
  for (let y = 0; y < h; y++) store<i32>(keepRows + (<usize>y << 2), -1);
  for (let i = 0; i < 64; i++) {
    const row = <usize>load<i32>(SAMPLED_ROWS + (<usize>i << 2)) << 2;
    if (load<i32>(keepRows + row) == -1) store<i32>(keepRows + row, i);
  }
  for (let y = 0; y < h; y += 4) {
    const r = min(y, h - 4);
    boxRowSampled4(colsPlane + <usize>r * rowStride, rowStride, w, wRows, sampled + (<usize>r << 8));
  }
  boxColumns(sampled, OUT64, 64, h, wCols, true);
  // Below 64 rows several output rows sample the same input row: copy the first one.
  for (let i = 0; i < 64; i++) {
    const first = load<i32>(keepRows + (<usize>load<i32>(SAMPLED_ROWS + (<usize>i << 2)) << 2));
    if (first != i) memory.copy(OUT64 + (<usize>i << 8), OUT64 + (<usize>first << 8), 256);
  }
  return true;
}

// B = D·A·Dᵀ into OUT_DCT; every sum runs over k in order, multiply then add, as the reference.
function dct(): void {
  for (let i = 0; i < 16; i++) {
    const ti = TMP + (<usize>i << 8);
    for (let j: usize = 0; j < 256; j += 16) {
      let acc = f32x4.splat(0);
      for (let k = 0; k < 64; k++) {
        const d = f32x4.splat(load<f32>(DCT + ((<usize>(i * 64 + k)) << 2)));
        acc = f32x4.add(acc, f32x4.mul(d, v128.load(OUT64 + (<usize>k << 8) + j)));
      }
      v128.store(ti + j, acc);
    }
  }
  for (let i = 0; i < 16; i++) {
    const ti = TMP + (<usize>i << 8);
    for (let j: usize = 0; j < 64; j += 16) {
      let acc = f32x4.splat(0);
      for (let k = 0; k < 64; k++) {
        acc = f32x4.add(acc, f32x4.mul(f32x4.splat(load<f32>(ti + (<usize>k << 2))), v128.load(DCT_T + (<usize>k << 6) + j)));
      }
      v128.store(OUT_DCT + (<usize>i << 6) + j, acc);
    }
  }
}

/** Quality 0–100 from quantised gradient sums of OUT64. */
function quality(): i32 {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) {
      const p = OUT64 + (<usize>(i * 64 + j) << 2);
      sum += abs<i32>(<i32>(((load<f32>(p) - load<f32>(p + 256)) * <f32>100) / <f32>255));
    }
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) {
      const p = OUT64 + (<usize>(i * 64 + j) << 2);
      sum += abs<i32>(<i32>(((load<f32>(p) - load<f32>(p + 4)) * <f32>100) / <f32>255));
    }
  }
  return min(100, sum / 90);
}

/** Hashes the prepared image: the DCT block goes to outDctPtr(); returns the quality, or -1 when too small. */
export function run(): i32 {
  if (!pixelsTo64()) return -1;
  dct();
  return quality();
}
