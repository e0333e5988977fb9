// PDQ perceptual image hash over a luma plane (Facebook/Meta PDQ, 2017 algorithm description).
// Every intermediate is rounded to float32 (Math.fround) because the C++ reference computes in
// `float`; with the same luma this yields the reference hash bit for bit.

const f = Math.fround;

const LUMA_R = f(0.299);
const LUMA_G = f(0.587);
const LUMA_B = f(0.114);
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
  const cols = new Int32Array(w);
  for (let x = 0; x < w; x++) cols[x] = (big ? nearestIndex(x, width, w) : x) * channels;
  const luma = new Float32Array(w * h);
  const grey = channels < 3;
  for (let y = 0, p = 0; y < h; y++) {
    const row = (big ? nearestIndex(y, height, h) : y) * width * channels;
    for (let x = 0; x < w; x++, p++) {
      const q = row + cols[x]!;
      luma[p] = grey ? data[q]! : f(f(f(LUMA_R * data[q]!) + f(LUMA_G * data[q + 1]!)) + f(LUMA_B * data[q + 2]!));
    }
  }
  return { luma, width: w, height: h };
}

/** Window size of one box pass so that two X,Y passes cover one output cell. */
export function jaroszWindowSize(oldDimension: number, newDimension: number): number {
  return Math.floor((oldDimension + 2 * newDimension - 1) / (2 * newDimension));
}

// One 1-D running-mean pass; the window grows at the start and shrinks at the end.
function box1d(input: Float32Array, output: Float32Array, start: number, length: number, stride: number, window: number): void {
  const half = (window + 2) >> 1;
  const phase1 = half - 1;
  const phase2 = window - half + 1;
  const phase3 = length - window;
  const phase4 = half - 1;
  let li = start;
  let ri = start;
  let oi = start;
  let sum = 0;
  let size = 0;
  for (let i = 0; i < phase1; i++) {
    sum = f(sum + input[ri]!);
    size++;
    ri += stride;
  }
  for (let i = 0; i < phase2; i++) {
    sum = f(sum + input[ri]!);
    size++;
    output[oi] = sum / size;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase3; i++) {
    sum = f(sum + input[ri]!);
    sum = f(sum - input[li]!);
    output[oi] = sum / size;
    li += stride;
    ri += stride;
    oi += stride;
  }
  for (let i = 0; i < phase4; i++) {
    sum = f(sum - input[li]!);
    size--;
    output[oi] = sum / size;
    li += stride;
    oi += stride;
  }
}

/** Two-pass Jarosz tent filter in place on `a` (scratch `b`), then nearest-centre decimation to 64×64. */
export function downsampleTo64(a: Float32Array, b: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(64 * 64);
  if (width === 64 && height === 64) {
    out.set(a.subarray(0, 4096));
    return out;
  }
  const wRows = jaroszWindowSize(width, 64);
  const wCols = jaroszWindowSize(height, 64);
  for (let pass = 0; pass < JAROSZ_PASSES; pass++) {
    for (let r = 0; r < height; r++) box1d(a, b, r * width, width, 1, wRows);
    for (let c = 0; c < width; c++) box1d(b, a, c, height, width, wCols);
  }
  for (let i = 0; i < 64; i++) {
    const ini = Math.trunc(((i + 0.5) * height) / 64);
    for (let j = 0; j < 64; j++) {
      const inj = Math.trunc(((j + 0.5) * width) / 64);
      out[i * 64 + j] = a[ini * width + inj]!;
    }
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
  const t = new Float32Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s = f(s + f(DCT[di + k]! * a[k * 64 + j]!));
      t[di + j] = s;
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
