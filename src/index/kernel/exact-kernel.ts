// AssemblyScript source of the compact exact-scan kernel (compiled to exact-kernel.wasm by
// `npm run gen:wasm`). It scans int8 rows against an int8 query with wasm SIMD and keeps every
// row whose score can still be among the best k once the quantisation error is accounted for.
// The host re-ranks those candidates with float32 arithmetic, so the final answer is the float32
// answer. Memory is the host's (shared between threads); every address comes from the host.
//
// Per row r the host stores, after the rows, three float32 values: e (the largest component
// error |x − s·q| of the row), l (s × Σ|q|) and s (the row's scale). For a query with scale t,
// component error f and L1 norm Y, the float32 score lies within e·Y + l·f (+ delta for float32
// rounding) of s·t·Σ q·p: lo and hi bound it from both sides.

/** Integer inner product of two int8 rows of dimP bytes (a multiple of 16; components in −127..127). */
@inline function dot(a: usize, b: usize, dimP: i32): i32 {
  let acc0 = i32x4.splat(0);
  let acc1 = i32x4.splat(0);
  let i = 0;
  for (; i + 32 <= dimP; i += 32) {
    const x0 = v128.load(a + i);
    const y0 = v128.load(b + i);
    const x1 = v128.load(a + i + 16);
    const y1 = v128.load(b + i + 16);
    // 127 × 127 × 2 fits in int16, so the low and high halves add before widening.
    acc0 = i32x4.add(acc0, i32x4.extadd_pairwise_i16x8_s(i16x8.add(i16x8.extmul_low_i8x16_s(x0, y0), i16x8.extmul_high_i8x16_s(x0, y0))));
    acc1 = i32x4.add(acc1, i32x4.extadd_pairwise_i16x8_s(i16x8.add(i16x8.extmul_low_i8x16_s(x1, y1), i16x8.extmul_high_i8x16_s(x1, y1))));
  }
  if (i < dimP) {
    const x0 = v128.load(a + i);
    const y0 = v128.load(b + i);
    acc0 = i32x4.add(acc0, i32x4.extadd_pairwise_i16x8_s(i16x8.add(i16x8.extmul_low_i8x16_s(x0, y0), i16x8.extmul_high_i8x16_s(x0, y0))));
  }
  const s = i32x4.add(acc0, acc1);
  return i32x4.extract_lane(s, 0) + i32x4.extract_lane(s, 1) + i32x4.extract_lane(s, 2) + i32x4.extract_lane(s, 3);
}

/** Replaces the smallest value of a min-heap of n floats with v and restores the heap. */
@inline function heapReplace(heap: usize, n: i32, v: f32): void {
  let i = 0;
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let c = l;
    const r = l + 1;
    if (r < n && load<f32>(heap + (<usize>r << 2)) < load<f32>(heap + (<usize>l << 2))) c = r;
    const cv = load<f32>(heap + (<usize>c << 2));
    if (cv >= v) break;
    store<f32>(heap + (<usize>i << 2), cv);
    i = c;
  }
  store<f32>(heap + (<usize>i << 2), v);
}

@inline function heapPush(heap: usize, n: i32, v: f32): void {
  let i = n;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pv = load<f32>(heap + (<usize>p << 2));
    if (pv <= v) break;
    store<f32>(heap + (<usize>i << 2), pv);
    i = p;
  }
  store<f32>(heap + (<usize>i << 2), v);
}

/** Keeps the candidates whose upper bound reaches tau; returns how many are left. */
function compact(cand: usize, n: i32, tau: f32): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const hi = load<f32>(cand + (<usize>i << 3) + 4);
    if (hi >= tau) {
      store<i32>(cand + (<usize>m << 3), load<i32>(cand + (<usize>i << 3)));
      store<f32>(cand + (<usize>m << 3) + 4, hi);
      m++;
    }
  }
  return m;
}

@inline function madd(acc: v128, x: v128, y: v128): v128 {
  // 127 × 127 × 2 fits in int16, so the low and high halves add before widening.
  return i32x4.add(acc, i32x4.extadd_pairwise_i16x8_s(i16x8.add(i16x8.extmul_low_i8x16_s(x, y), i16x8.extmul_high_i8x16_s(x, y))));
}

@inline function hsum(v: v128): i32 {
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/** Integer inner products of four consecutive rows with the query, into DOTS[0..3]. */
@inline function dot4(a: usize, b: usize, dimP: i32, out: usize): void {
  let c0 = i32x4.splat(0);
  let c1 = i32x4.splat(0);
  let c2 = i32x4.splat(0);
  let c3 = i32x4.splat(0);
  const stride = <usize>dimP;
  for (let i = 0; i < dimP; i += 16) {
    const y = v128.load(b + i);
    const p = a + i;
    c0 = madd(c0, v128.load(p), y);
    c1 = madd(c1, v128.load(p + stride), y);
    c2 = madd(c2, v128.load(p + 2 * stride), y);
    c3 = madd(c3, v128.load(p + 3 * stride), y);
  }
  store<i32>(out, hsum(c0));
  store<i32>(out + 4, hsum(c1));
  store<i32>(out + 8, hsum(c2));
  store<i32>(out + 12, hsum(c3));
}

let filled = 0;
let tau: f32 = -Infinity;
let n = 0;

/** Offers one row with integer dot d; false when the candidate buffer overflowed. */
@inline function offer(r: i32, d: i32, meta: usize, st: f32, y1: f32, fq: f32, delta: f32, k: i32, heap: usize, cand: usize, cap: i32): bool {
  const m = meta + <usize>r * 12;
  const bound = load<f32>(m) * y1 + load<f32>(m + 4) * fq + delta;
  const a = st * load<f32>(m + 8) * <f32>d;
  const hi = a + bound;
  if (hi < tau) return true;
  const lo = a - bound;
  if (filled < k) {
    heapPush(heap, filled, lo);
    filled++;
    if (filled == k) tau = load<f32>(heap);
  } else if (lo > tau) {
    heapReplace(heap, k, lo);
    tau = load<f32>(heap);
  }
  store<i32>(cand + (<usize>n << 3), r);
  store<f32>(cand + (<usize>n << 3) + 4, hi);
  n++;
  if (n == cap) {
    n = compact(cand, n, tau);
    if (n > cap >> 1) return false;
  }
  return true;
}

/**
 * Scans rows [from, to): writes (row, upper bound) pairs of every row that may be among the best
 * k to `cand` and returns their number, or −1 when more than cap/2 survive (the host then scans
 * that range in float32). `heap` has room for k floats, `cand` for cap pairs and 16 more bytes.
 */
export function scan(rows: usize, meta: usize, dimP: i32, from: i32, to: i32, query: usize, st: f32, y1: f32, fq: f32, delta: f32, k: i32, heap: usize, cand: usize, cap: i32): i32 {
  filled = 0;
  tau = -Infinity;
  n = 0;
  const dots = cand + (<usize>cap << 3);
  let r = from;
  for (; r + 4 <= to; r += 4) {
    dot4(rows + <usize>r * <usize>dimP, query, dimP, dots);
    for (let j = 0; j < 4; j++) {
      if (!offer(r + j, load<i32>(dots + (<usize>j << 2)), meta, st, y1, fq, delta, k, heap, cand, cap)) return -1;
    }
  }
  for (; r < to; r++) {
    if (!offer(r, dot(rows + <usize>r * <usize>dimP, query, dimP), meta, st, y1, fq, delta, k, heap, cand, cap)) return -1;
  }
  return compact(cand, n, tau);
}

/** Reads `bytes` bytes from `p` (a multiple of 64) as fast as it can: the memory-read baseline of the benchmark. */
export function readSum(p: usize, bytes: i32): i32 {
  let a = i32x4.splat(0);
  let b = i32x4.splat(0);
  let c = i32x4.splat(0);
  let d = i32x4.splat(0);
  const end = p + <usize>bytes;
  for (; p < end; p += 64) {
    a = i32x4.add(a, v128.load(p));
    b = i32x4.add(b, v128.load(p + 16));
    c = i32x4.add(c, v128.load(p + 32));
    d = i32x4.add(d, v128.load(p + 48));
  }
  return hsum(i32x4.add(i32x4.add(a, b), i32x4.add(c, d)));
}
