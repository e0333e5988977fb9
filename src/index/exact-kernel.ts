// The host side of the compact exact-scan kernel (kernel/exact-kernel.ts → exact-kernel.wasm):
// quantisation of rows and queries with the error terms the kernel's bound needs, the memory
// layout of one block of int8 rows, and the call itself (also run by the scan workers).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXACT_KERNEL_FILE = fileURLToPath(new URL('./kernel/exact-kernel.wasm', import.meta.url));

/** Largest k the kernel serves; a larger k scans the float32 rows. */
export const KERNEL_MAX_K = 256;
/** Candidate pairs one kernel call may hold. */
export const KERNEL_CANDIDATES = 4096;
/** Bytes of metadata per row: e, l, s (float32 each). */
export const META_BYTES = 12;

/** Rounds up by a relative 2⁻²⁰, so that float32 rounding never shrinks an error bound. */
const up = (x: number) => Math.fround(x * (1 + 2 ** -20));

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel, or undefined when its file is absent (the index then scans float32). */
export function exactKernelModule(): WebAssembly.Module | undefined {
  if (compiled === undefined && existsSync(EXACT_KERNEL_FILE)) compiled = new WebAssembly.Module(readFileSync(EXACT_KERNEL_FILE));
  return compiled;
}

/** Row length in the kernel's memory: the dimension rounded up to 16 bytes (one SIMD vector). */
export function paddedDim(dim: number): number {
  return (dim + 15) & ~15;
}

/** Bytes of one thread's scratch area: the int8 query, the heap of k bounds, the candidates. */
export function slotBytes(dim: number): number {
  return paddedDim(dim) + KERNEL_MAX_K * 4 + KERNEL_CANDIDATES * 8 + 16;
}

/**
 * Quantises a unit row to int8 (largest component → 127) into `out` at `offset` and writes its
 * metadata at `metaOffset` (in floats): e = largest component error, l = s·Σ|q|, s = scale.
 */
export function quantiseRow(unit: Float32Array, out: Int8Array, offset: number, meta: Float32Array, metaOffset: number): void {
  let max = 0;
  for (let i = 0; i < unit.length; i++) max = Math.max(max, Math.abs(unit[i]!));
  const s = Math.fround(max / 127);
  let err = 0;
  let l1 = 0;
  for (let i = 0; i < unit.length; i++) {
    const q = Math.max(-127, Math.min(127, Math.round(unit[i]! / s)));
    out[offset + i] = q;
    err = Math.max(err, Math.abs(unit[i]! - s * q));
    l1 += Math.abs(q);
  }
  meta[metaOffset] = up(err);
  meta[metaOffset + 1] = up(s * l1);
  meta[metaOffset + 2] = s;
}

/** A query as the kernel takes it: int8 components, scale t, largest component error fq, L1 norm y1, and the rounding allowance. */
export interface KernelQuery {
  query: Int8Array;
  t: number;
  fq: number;
  y1: number;
  delta: number;
}

/** Quantises a unit query; `delta` covers float32 rounding of the re-rank score and of the kernel's own arithmetic. */
export function quantiseQuery(unit: Float32Array): KernelQuery {
  const dim = unit.length;
  const query = new Int8Array(paddedDim(dim));
  let max = 0;
  let y1 = 0;
  for (let i = 0; i < dim; i++) {
    max = Math.max(max, Math.abs(unit[i]!));
    y1 += Math.abs(unit[i]!);
  }
  const t = Math.fround(max / 127);
  let fq = 0;
  for (let i = 0; i < dim; i++) {
    const p = Math.max(-127, Math.min(127, Math.round(unit[i]! / t)));
    query[i] = p;
    fq = Math.max(fq, Math.abs(unit[i]! - t * p));
  }
  // A float32 dot product of unit vectors in four partial sums errs by at most (dim/4 + 3)·2⁻²⁴;
  // (dim + 8)·2⁻²³ is eight times that, and 2⁻²⁰ covers the kernel's float32 score and bound.
  return { query, t, fq: up(fq), y1: up(y1), delta: Math.fround((dim + 8) * 2 ** -23 + 2 ** -20) };
}

/** One kernel call over rows [from, to) of a block; the caller's thread owns scratch slot `slot`. */
export interface KernelJob extends KernelQuery {
  rows: number;
  meta: number;
  dimP: number;
  from: number;
  to: number;
  k: number;
  slot: number;
  slotBytes: number;
  maxK: number;
  cap: number;
}

type ScanFn = (rows: number, meta: number, dimP: number, from: number, to: number, query: number, st: number, y1: number, fq: number, delta: number, k: number, heap: number, cand: number, cap: number) => number;

/** Runs the kernel: the rows that may be among the best k (relative to the block), or null when too many are (scan float32 then). */
export function kernelScan(scan: ScanFn, buffer: ArrayBufferLike, job: KernelJob): Int32Array | null {
  const base = job.slot * job.slotBytes;
  new Int8Array(buffer, base, job.dimP).set(job.query);
  const heap = base + job.dimP;
  const cand = heap + job.maxK * 4;
  const n = scan(job.rows, job.meta, job.dimP, job.from, job.to, base, job.t, job.y1, job.fq, job.delta, job.k, heap, cand, job.cap);
  if (n < 0) return null;
  const pairs = new Int32Array(buffer, cand, n * 2);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = pairs[2 * i]!;
  return out;
}
