// Test-time augmentation for the 128-d model on LFW:
//   `npm run bench -- face-tta [--quick] [--folds N] [--chips seven|five]`
// Each image of the first N View 2 folds (default 2) is detected once; the chip is cut again
// under eight small perturbations of its landmarks (rotation ±4°, scale ±5 %, shifts of 6 % of
// the inter-ocular distance left, right, up, down). --chips seven (default): each seven-point
// chip and its mirror image are embedded. --chips five: the product's pair instead, the chip
// cut from dlib's five points and the mirror image of the seven-point chip, both under the same
// perturbation. Variants average subsets of these unit vectors; all are compared on the same
// images: View 2 accuracy over the complete folds (threshold from the other folds), errors at
// the best threshold, and TAR at FAR 1e-3 / 1e-4 over all pairs among the images.
// --quick: 12 pairs of fold 1. Embeddings are cached in bench/out/face-tta[-five]/ (resumable;
// `--shard i/n` only fills the cache, so n processes can share the work).
import { faceApiChip } from '../src/signals/face/faceapi-embedder.ts';
import { alignFace, mirrorChip } from '../src/signals/face/align.ts';
import { alignFivePoints, fivePoints, type FivePoints } from '../src/signals/face/five-point.ts';
import type { AlignedFace, FaceLandmarks, Point, RgbImage } from '../src/signals/face/types.ts';
import { runChipBench } from './lib/chip-variants.ts';

const args = process.argv.slice(2);
const five = args.includes('--chips') && args[args.indexOf('--chips') + 1] === 'five';

/** [rotation in degrees, scale, shift x, shift y (fractions of the inter-ocular distance)]; the first is the plain chip. */
const perturbations: [number, number, number, number][] = [
  [0, 1, 0, 0], [4, 1, 0, 0], [-4, 1, 0, 0], [0, 0.95, 0, 0], [0, 1.05, 0, 0], [0, 1, 0.06, 0], [0, 1, -0.06, 0], [0, 1, 0, 0.06], [0, 1, 0, -0.06],
];
// Embedding k of an image: perturbation floor(k / 2); the mirrored (--chips five: mirrored
// seven-point) chip when k is odd.
const variants: Record<string, number[]> = {
  'plain': [0],
  [five ? 'plain + mirror (the default)' : 'plain + mirror']: [0, 1],
  'rotations ±4° + mirror': [0, 1, 2, 3, 4, 5],
  'scales ±5 % + mirror': [0, 1, 6, 7, 8, 9],
  'shifts + mirror': [0, 1, 10, 11, 12, 13, 14, 15, 16, 17],
  'all nine + mirror': [...Array(18).keys()],
};

/** The perturbation as a map of image points, about the centre of the seven landmarks. */
function perturbation(lm: FaceLandmarks, [deg, s, dx, dy]: [number, number, number, number]): (p: Point) => Point {
  const pts = Object.values(lm) as Point[];
  const cx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
  const cy = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  const iod = Math.hypot(lm.leftEyeOuter.x - lm.rightEyeOuter.x, lm.leftEyeOuter.y - lm.rightEyeOuter.y) / 2;
  const r = (deg * Math.PI) / 180, c = Math.cos(r) * s, si = Math.sin(r) * s;
  return (p) => ({ x: cx + c * (p.x - cx) - si * (p.y - cy) + dx * iod, y: cy + si * (p.x - cx) + c * (p.y - cy) + dy * iod });
}

function perturb(lm: FaceLandmarks, f: (p: Point) => Point): FaceLandmarks {
  return Object.fromEntries(Object.entries(lm).map(([k, p]) => [k, f(p as Point)])) as unknown as FaceLandmarks;
}

/** The two chips embedded for one perturbation. */
function chipPair(image: RgbImage, lm: FaceLandmarks, fivePts: FivePoints | null, p: [number, number, number, number]): AlignedFace[] {
  const f = perturbation(lm, p);
  const seven = alignFace(image, perturb(lm, f), faceApiChip);
  if (!fivePts) return [seven, mirrorChip(seven)];
  return [alignFivePoints(image, fivePts.map(f) as FivePoints, faceApiChip), mirrorChip(seven)];
}

await runChipBench({
  name: 'face-tta',
  cacheDir: five ? 'bench/out/face-tta-five/' : 'bench/out/face-tta/',
  defaultFolds: 2,
  variants,
  cut(image, face) {
    const fivePts = five ? fivePoints(image, face.landmarks) : null;
    return perturbations.flatMap((p) => chipPair(image, face.landmarks, fivePts, p));
  },
  extra: () => ({ chips: five ? 'five-point + mirrored seven-point' : 'seven-point + mirror' }),
});
