// Face alignment as pure math: a least-squares similarity transform from detected landmarks to
// a canonical face shape, then a bilinear warp into a square chip.
import type { AlignedFace, ChipSpec, FaceLandmarks, Point, RgbImage } from './types.ts';
import { landmarkNames } from './types.ts';

/**
 * Mean positions, in a unit square, of the iBUG-68 points alignment uses. These are the values
 * of dlib's mean face shape (points 36, 39, 42, 45, 33, 48, 54), which its face chips and the
 * 128-d descriptor derived from dlib's network were made with.
 */
const meanShape: Record<keyof FaceLandmarks, Point> = {
  rightEyeOuter: { x: 0.121737, y: 0.216423 },
  rightEyeInner: { x: 0.334606, y: 0.231733 },
  leftEyeInner: { x: 0.645647, y: 0.231733 },
  leftEyeOuter: { x: 0.858516, y: 0.216423 },
  noseBase: { x: 0.490127, y: 0.628106 },
  mouthRight: { x: 0.254149, y: 0.780233 },
  mouthLeft: { x: 0.726104, y: 0.780233 },
};

/** Canonical landmark positions in a chip of the given size and padding (dlib: (padding + p) / (1 + 2·padding)). */
export function canonicalLandmarks(spec: ChipSpec): Point[] {
  const k = spec.size / (1 + 2 * spec.padding);
  return landmarkNames.map((n) => ({ x: (spec.padding + meanShape[n].x) * k, y: (spec.padding + meanShape[n].y) * k }));
}

/** 2×3 affine matrix [a, b, c, d, e, f] mapping (x, y) to (a·x + b·y + c, d·x + e·y + f). */
export type Affine = [number, number, number, number, number, number];

/** Least-squares similarity transform (rotation, uniform scale, translation; no reflection) taking `from` onto `to`. */
export function similarityTransform(from: readonly Point[], to: readonly Point[]): Affine {
  if (from.length !== to.length || from.length < 2) throw new RangeError('similarityTransform needs two or more point pairs');
  const n = from.length;
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x; fy += from[i]!.y; tx += to[i]!.x; ty += to[i]!.y;
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let norm = 0, dot = 0, cross = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i]!.x - fx, py = from[i]!.y - fy;
    const qx = to[i]!.x - tx, qy = to[i]!.y - ty;
    norm += px * px + py * py;
    dot += px * qx + py * qy;
    cross += px * qy - py * qx;
  }
  if (norm === 0) throw new RangeError('similarityTransform: source points coincide');
  const a = dot / norm, b = cross / norm;
  return [a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)];
}

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

export function invertAffine(m: Affine): Affine {
  const det = m[0] * m[4] - m[1] * m[3];
  if (det === 0) throw new RangeError('invertAffine: singular matrix');
  const a = m[4] / det, b = -m[1] / det, d = -m[3] / det, e = m[0] / det;
  return [a, b, -(a * m[2] + b * m[5]), d, e, -(d * m[2] + e * m[5])];
}

/**
 * Warps `image` into a size×size RGB chip: chip pixel (u, v) takes the bilinear sample of the
 * image at inverse(m)·(u, v). Pixel centres sit at integer coordinates; outside the image is black.
 */
export function warpAffine(image: RgbImage, m: Affine, size: number): Uint8Array {
  const inv = invertAffine(m);
  const out = new Uint8Array(size * size * 3);
  const { data, width, height } = image;
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const x = inv[0] * u + inv[1] * v + inv[2];
      const y = inv[3] * u + inv[4] * v + inv[5];
      const x0 = Math.floor(x), y0 = Math.floor(y);
      const ax = x - x0, ay = y - y0;
      const o = (v * size + u) * 3;
      for (let c = 0; c < 3; c++) {
        const p00 = sample(data, width, height, x0, y0, c);
        const p10 = sample(data, width, height, x0 + 1, y0, c);
        const p01 = sample(data, width, height, x0, y0 + 1, c);
        const p11 = sample(data, width, height, x0 + 1, y0 + 1, c);
        const val = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
        out[o + c] = Math.round(val);
      }
    }
  }
  return out;
}

function sample(data: Uint8Array, width: number, height: number, x: number, y: number, c: number): number {
  if (x < 0 || y < 0 || x >= width || y >= height) return 0;
  return data[(y * width + x) * 3 + c]!;
}

/** Aligns one face to the chip `spec` from its landmarks. */
export function alignFace(image: RgbImage, landmarks: FaceLandmarks, spec: ChipSpec): AlignedFace {
  const from = landmarkNames.map((n) => landmarks[n]);
  const m = similarityTransform(from, canonicalLandmarks(spec));
  return { data: warpAffine(image, m, spec.size), size: spec.size };
}

/** Mirror image of a chip (left–right). */
export function mirrorChip(face: AlignedFace): AlignedFace {
  const { size, data } = face;
  const out = new Uint8Array(data.length);
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const s = (v * size + u) * 3, d = (v * size + (size - 1 - u)) * 3;
      out[d] = data[s]!; out[d + 1] = data[s + 1]!; out[d + 2] = data[s + 2]!;
    }
  }
  return { data: out, size };
}
