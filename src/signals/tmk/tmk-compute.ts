// Computes TMK+PDQF feature vectors from a video: frames resampled to 15 per second and scaled
// to 64×64, each frame's PDQF feature is its 16×16 PDQ DCT block (before thresholding), and the
// features are accumulated into a pure average and, per period T and Fourier index j,
// cosine/sine-weighted sums of the L2-normalised features (Poullot periods and weights).
import { readFrames, type VideoLimits } from '../../media/video.ts';
import { dct64To16, lumaFromPixels } from '../pdq/pdq-core.ts';
import type { TmkFeatures } from './tmk-file.ts';

export const TMK_FRAMES_PER_SECOND = 15;
export const TMK_PERIODS = [2731, 4391, 9767, 14653];
// a0 = (I0(β) − e^−β) / (2 sinh β), aj = Ij(β) / sinh β with β = 32, m = 32 (Poullot et al.).
export const TMK_FOURIER_COEFFICIENTS = [
  0.0708041893112, 0.13937789309, 0.132897260304, 0.122765735552, 0.109878684888, 0.09529606433,
  0.0800986647852, 0.0652590650356, 0.0515478238322, 0.0394851531195, 0.0293374252025, 0.0211492623679,
  0.0147973073245, 0.0100512818746, 0.0066306408014, 0.00424947117334, 0.0026467615764, 0.00160270959695,
  0.000943882629639, 0.000540841638603, 0.000301633183798, 0.000163800158855, 8.66454753015e-5, 4.46626303151e-5,
  2.24429442235e-5, 1.09982139799e-5, 5.25823487999e-6, 2.45358229988e-6, 1.11781474895e-6, 4.97406489221e-7,
  2.16265487234e-7, 9.19087006565e-8,
];
const D = 256;

function normalise(v: Float64Array): void {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
  const n = Math.sqrt(s);
  if (n > 0) for (let k = 0; k < v.length; k++) v[k]! /= n;
}

/** TMK+PDQF features of a video file. */
export async function tmkFromVideo(path: string, limits: Partial<VideoLimits> = {}): Promise<TmkFeatures> {
  const p = TMK_PERIODS.length;
  const m = TMK_FOURIER_COEFFICIENTS.length;
  const average = new Float64Array(D);
  const cos = Array.from({ length: p * m }, () => new Float64Array(D));
  const sin = Array.from({ length: p * m }, () => new Float64Array(D));
  const feature = new Float64Array(D);
  let t = 0;
  for await (const frame of readFrames(path, { ...limits, everySeconds: 1 / TMK_FRAMES_PER_SECOND, size: { width: 64, height: 64 } })) {
    const { luma } = lumaFromPixels(frame.data, 64, 64, 3);
    const dct = dct64To16(luma);
    for (let k = 0; k < D; k++) { average[k]! += dct[k]!; feature[k] = dct[k]!; }
    normalise(feature);
    for (let i = 0; i < p; i++) {
      const c0 = cos[i * m]!;
      for (let k = 0; k < D; k++) c0[k]! += feature[k]!;
      for (let j = 1; j < m; j++) {
        const arg = (2 * Math.PI * j * t) / TMK_PERIODS[i]!;
        const ca = Math.cos(arg);
        const sa = Math.sin(arg);
        const cj = cos[i * m + j]!;
        const sj = sin[i * m + j]!;
        for (let k = 0; k < D; k++) { cj[k]! += feature[k]! * ca; sj[k]! += feature[k]! * sa; }
      }
    }
    t++;
  }
  const out: TmkFeatures = {
    framesPerSecond: TMK_FRAMES_PER_SECOND,
    frameFeatureCount: t,
    periods: Int32Array.from(TMK_PERIODS),
    fourierCoefficients: Float32Array.from(TMK_FOURIER_COEFFICIENTS),
    pureAverage: new Float32Array(D),
    cos: new Float32Array(p * m * D),
    sin: new Float32Array(p * m * D),
    dimension: D,
  };
  if (t === 0) return out;
  for (let k = 0; k < D; k++) out.pureAverage[k] = average[k]! / t;
  for (let x = 0; x < p * m; x++) {
    const w = Math.sqrt(TMK_FOURIER_COEFFICIENTS[x % m]!);
    normalise(cos[x]!);
    normalise(sin[x]!);
    for (let k = 0; k < D; k++) {
      out.cos[x * D + k] = cos[x]![k]! * w;
      out.sin[x * D + k] = sin[x]![k]! * w;
    }
  }
  return out;
}
