// Which landmarks the 128-d model's chip is cut from, on LFW: `npm run bench -- face-align [--quick] [--folds N]`
// Each image of the first N View 2 folds (default 10) is detected once (BlazeFace + face mesh);
// two chips are cut: from the mesh's seven points, and from dlib's five points placed by dlib's
// own landmark predictor (five-point.ts). Both and their mirror images are embedded; variants
// average subsets, all on the same images: View 2 accuracy (threshold from the other folds),
// errors at the best threshold, TAR at FAR 1e-3 / 1e-4 over all pairs among the images.
// --quick: 12 pairs of fold 1. Embeddings are cached in bench/out/face-align/ (resumable;
// `--shard i/n` only fills the cache, so n processes can share the work).
import { faceApiChip } from '../src/signals/face/faceapi-embedder.ts';
import { alignFace, mirrorChip } from '../src/signals/face/align.ts';
import { alignFivePoints, fivePointPredictor, fivePoints } from '../src/signals/face/five-point.ts';
import { round } from './lib/face-eval.ts';
import { runChipBench } from './lib/chip-variants.ts';

let predictMs = 0, predicted = 0;
await runChipBench({
  name: 'face-align',
  cacheDir: 'bench/out/face-align/',
  defaultFolds: 10,
  // Embeddings of an image: 0 seven-point chip, 1 its mirror, 2 five-point chip, 3 its mirror.
  variants: {
    'seven-point': [0],
    'seven-point + mirror (default before)': [0, 1],
    'five-point': [2],
    'five-point + mirror': [2, 3],
    'five-point + seven-point mirror (default)': [2, 1],
    'seven-point + five-point mirror': [0, 3],
    'both, each + mirror': [0, 1, 2, 3],
  },
  cut(image, face) {
    const predictor = fivePointPredictor(); // read once, outside the timing
    const t = performance.now();
    const five = fivePoints(image, face.landmarks, predictor);
    predictMs += performance.now() - t;
    predicted++;
    const seven = alignFace(image, face.landmarks, faceApiChip), fiveChip = alignFivePoints(image, five, faceApiChip);
    return [seven, mirrorChip(seven), fiveChip, mirrorChip(fiveChip)];
  },
  extra: () => ({ ms_per_five_points: predicted > 0 ? round(predictMs / predicted, 2) : null }),
});
