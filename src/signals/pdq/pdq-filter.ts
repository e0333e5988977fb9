// The Jarosz tent filter of PDQ: two passes of a running-mean box filter along rows and then
// columns, sampled at the 64×64 cell centres. Every running sum is a float32 (Math.fround after
// each operation, or a store into a Float32Array), so the result equals the C++ reference bit for
// bit; the loops are written flat, over buffers the caller reuses, because this is the hot path.

const fr = Math.fround;

/** Window size of one box pass so that two X,Y passes cover one output cell. */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

// A float32 divided by a power of two equals the float32 times its exact reciprocal, so those
// windows multiply; any other window divides, as the reference does.
const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/** One running-mean pass along `length` values from `input[inStart]` into `output[outStart]`. */
export function boxRow(input: Float32Array, inStart: number, output: Float32Array, outStart: number, length: number, window: number): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  let ri = inStart;
  let li = inStart;
  let oi = outStart;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++) { sum = fr(sum + input[ri++]!); size++; }
  for (let i = 0; i < phase2; i++) { sum = fr(sum + input[ri++]!); size++; output[oi++] = sum / size; }
  if (isPowerOfTwo(size)) {
    const inv = 1 / size;
    for (let i = 0; i < phase3; i++) { sum = fr(fr(sum + input[ri++]!) - input[li++]!); output[oi++] = sum * inv; }
  } else {
    for (let i = 0; i < phase3; i++) { sum = fr(fr(sum + input[ri++]!) - input[li++]!); output[oi++] = sum / size; }
  }
  for (let i = 0; i < half - 1; i++) { sum = fr(sum - input[li++]!); size--; output[oi++] = sum / size; }
}

/**
 * The same pass along a row, keeping only the outputs at the 64 sampled positions `cols`
 * (non-decreasing) in `output[outStart..+64]`. The running sum still visits every value: its
 * float32 rounding depends on all of them.
 */
export function boxRowSampled(input: Float32Array, inStart: number, length: number, window: number, cols: Int32Array, output: Float32Array, outStart: number): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  let ri = inStart;
  let li = inStart;
  let oi = 0;
  let sum = 0;
  let size = 0;
  let k = 0;
  let next = cols[0]!;
  for (let i = 0; i < half - 1; i++) { sum = fr(sum + input[ri++]!); size++; }
  for (let i = 0; i < phase2; i++, oi++) {
    sum = fr(sum + input[ri++]!);
    size++;
    if (oi === next) for (const v = sum / size; next === oi; next = ++k < 64 ? cols[k]! : -1) output[outStart + k] = v;
  }
  for (let i = 0; i < phase3; i++, oi++) {
    sum = fr(fr(sum + input[ri++]!) - input[li++]!);
    if (oi === next) for (const v = sum / size; next === oi; next = ++k < 64 ? cols[k]! : -1) output[outStart + k] = v;
  }
  for (let i = 0; i < half - 1; i++, oi++) {
    sum = fr(sum - input[li++]!);
    size--;
    if (oi === next) for (const v = sum / size; next === oi; next = ++k < 64 ? cols[k]! : -1) output[outStart + k] = v;
  }
}

// The running mean down every column, swept row by row so memory is read in order; `sums` holds
// one float32 running sum per column. Each column sees the operation sequence of a per-column pass.
export function boxAllColumns(input: Float32Array, output: Float32Array, width: number, height: number, window: number, sums: Float32Array): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = height - window;
  sums.fill(0, 0, width);
  let r = 0;
  let l = 0;
  let o = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++, r += width, size++) {
    for (let c = 0; c < width; c++) sums[c] = sums[c]! + input[r + c]!;
  }
  for (let i = 0; i < phase2; i++, r += width, o += width) {
    size++;
    for (let c = 0; c < width; c++) { const s = fr(sums[c]! + input[r + c]!); sums[c] = s; output[o + c] = s / size; }
  }
  if (isPowerOfTwo(size)) {
    const inv = 1 / size;
    for (let i = 0; i < phase3; i++, r += width, l += width, o += width) {
      for (let c = 0; c < width; c++) { const s = fr(fr(sums[c]! + input[r + c]!) - input[l + c]!); sums[c] = s; output[o + c] = s * inv; }
    }
  } else {
    for (let i = 0; i < phase3; i++, r += width, l += width, o += width) {
      for (let c = 0; c < width; c++) { const s = fr(fr(sums[c]! + input[r + c]!) - input[l + c]!); sums[c] = s; output[o + c] = s / size; }
    }
  }
  for (let i = 0; i < half - 1; i++, l += width, o += width) {
    size--;
    for (let c = 0; c < width; c++) { const s = fr(sums[c]! - input[l + c]!); sums[c] = s; output[o + c] = s / size; }
  }
}

/**
 * The last column pass over the 64 sampled columns (`input` is height×64); only rows with
 * `keepRows[row] >= 0` are written, to that output row of the 64×64 `out`.
 */
export function boxSampledColumns(input: Float32Array, out: Float32Array, height: number, window: number, keepRows: Int32Array, sums: Float32Array): void {
  const half = (window + 2) >> 1;
  const phase2 = window - half + 1;
  const phase3 = height - window;
  sums.fill(0, 0, 64);
  let r = 0;
  let l = 0;
  let oi = 0;
  let size = 0;
  for (let i = 0; i < half - 1; i++, r += 64, size++) {
    for (let c = 0; c < 64; c++) sums[c] = sums[c]! + input[r + c]!;
  }
  for (let i = 0; i < phase2; i++, r += 64, oi++) {
    size++;
    for (let c = 0; c < 64; c++) sums[c] = sums[c]! + input[r + c]!;
    emitRow(sums, out, keepRows[oi]!, size);
  }
  for (let i = 0; i < phase3; i++, r += 64, l += 64, oi++) {
    for (let c = 0; c < 64; c++) sums[c] = fr(sums[c]! + input[r + c]!) - input[l + c]!;
    emitRow(sums, out, keepRows[oi]!, size);
  }
  for (let i = 0; i < half - 1; i++, l += 64, oi++) {
    size--;
    for (let c = 0; c < 64; c++) sums[c] = sums[c]! - input[l + c]!;
    emitRow(sums, out, keepRows[oi]!, size);
  }
}

function emitRow(sums: Float32Array, out: Float32Array, row: number, size: number): void {
  if (row < 0) return;
  const o = row * 64;
  for (let c = 0; c < 64; c++) out[o + c] = sums[c]! / size;
}

/** Sampled positions of the 64 cell centres along a dimension. */
export function cellCentres(dimension: number, into: Int32Array): Int32Array {
  for (let i = 0; i < 64; i++) into[i] = Math.trunc(((i + 0.5) * dimension) / 64);
  return into;
}
