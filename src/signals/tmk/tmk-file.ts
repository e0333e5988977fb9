// Reader for TMK+PDQF feature-vector files (.tmk), little-endian:
// "TMK1" "FVEC" "PDQF", int32 framesPerSecond, numPeriods P, numFourierCoefficients m,
// frameFeatureDimension d, frameFeatureCount; int32 periods[P]; float32 coefficients[m];
// float32 pureAverage[d]; float32 cos[P][m][d]; float32 sin[P][m][d].
import { fail } from '../../domain/errors.ts';

export interface TmkFeatures {
  framesPerSecond: number;
  frameFeatureCount: number;
  periods: Int32Array;
  fourierCoefficients: Float32Array;
  pureAverage: Float32Array;
  /** P·m vectors of length d, index (i·m + j)·d. */
  cos: Float32Array;
  sin: Float32Array;
  dimension: number;
}

const HEADER_BYTES = 32;
const MAGIC = ['TMK1', 'FVEC', 'PDQF'];
// Generous bounds so a hostile header cannot make us allocate gigabytes.
const MAX_PERIODS = 64;
const MAX_COEFFICIENTS = 1024;
const MAX_DIMENSION = 4096;

/** Parses a .tmk file; throws ABG_ERR_MALFORMED_TMK on bad magic, odd sizes or a short file. */
export function parseTmk(bytes: Uint8Array): TmkFeatures {
  if (bytes.length < HEADER_BYTES) fail('ABG_ERR_MALFORMED_TMK', `The file has ${bytes.length} bytes, fewer than the 32-byte header.`);
  const magic = MAGIC.map((_, i) => String.fromCharCode(...bytes.subarray(i * 4, i * 4 + 4)));
  if (magic[0] !== 'TMK1' || magic[1] !== 'FVEC') fail('ABG_ERR_MALFORMED_TMK', 'Bad magic: not a TMK feature-vector file.');
  if (magic[2] !== 'PDQF') fail('ABG_ERR_MALFORMED_TMK', `Unsupported frame-feature algorithm ${JSON.stringify(magic[2])}; only PDQF is read.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [framesPerSecond, p, m, d, frameFeatureCount] = [12, 16, 20, 24, 28].map((o) => view.getInt32(o, true)) as [number, number, number, number, number];
  if (!(p >= 0 && p <= MAX_PERIODS && m >= 0 && m <= MAX_COEFFICIENTS && d > 0 && d <= MAX_DIMENSION)) {
    fail('ABG_ERR_MALFORMED_TMK', `Implausible dimensions: periods ${p}, coefficients ${m}, dimension ${d}.`);
  }
  const expected = HEADER_BYTES + 4 * (p + m + d + 2 * p * m * d);
  if (bytes.length !== expected) fail('ABG_ERR_MALFORMED_TMK', `Expected ${expected} bytes for these dimensions, found ${bytes.length}.`);
  let offset = HEADER_BYTES;
  const ints = (n: number) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++, offset += 4) out[i] = view.getInt32(offset, true);
    return out;
  };
  const floats = (n: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  };
  const periods = ints(p);
  if (periods.some((v) => v <= 0 || v > 1_000_000)) fail('ABG_ERR_MALFORMED_TMK', 'A period is not a positive frame count.');
  const fourierCoefficients = floats(m);
  const pureAverage = floats(d);
  const cos = floats(p * m * d);
  const sin = floats(p * m * d);
  return { framesPerSecond, frameFeatureCount, periods, fourierCoefficients, pureAverage, cos, sin, dimension: d };
}
