// Which landmarks the 128-d model's chip is cut from, on LFW: `npm run bench -- face-align [--quick] [--folds N]`
// Each image of the first N View 2 folds (default 10) is detected once (BlazeFace + face mesh);
// two chips are cut: from the mesh's seven points, and from dlib's five points placed by dlib's
// own landmark predictor (five-point.ts). Both and their mirror images are embedded; variants
// average subsets, all on the same images: View 2 accuracy (threshold from the other folds),
// errors at the best threshold, TAR at FAR 1e-3 / 1e-4 over all pairs among the images.
// --quick: 12 pairs of fold 1. Embeddings are cached in bench/out/face-align/ (resumable;
// `--shard i/n` only fills the cache, so n processes can share the work).
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/media/decode.ts';
import { createHumanDetector } from '../src/signals/face/human-detector.ts';
import { createFaceApiEmbedder, faceApiChip } from '../src/signals/face/faceapi-embedder.ts';
import { alignFace, mirrorChip } from '../src/signals/face/align.ts';
import { alignFivePoints, fivePointPredictor, fivePoints } from '../src/signals/face/five-point.ts';
import { labelledFace } from './lib/lfw-embed.ts';
import { firstFolds, lfwAvailable, lfwDir, readPairs } from './lib/lfw.ts';
import { round } from './lib/face-eval.ts';
import { appendChipCache, evaluateVariants, readChipCache } from './lib/chip-variants.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const folds = quick ? 1 : Number(args[args.indexOf('--folds') + 1] ?? 10) || 10;
const shard = args.includes('--shard') ? args[args.indexOf('--shard') + 1]!.split('/').map(Number) as [number, number] : null;
const cacheDir = 'bench/out/face-align/';

if (!lfwAvailable()) {
  console.log(JSON.stringify({ bench: 'face-align', skipped: 'shared data not found: ../shared/data/lfw/' }));
  process.exit(0);
}

// Embeddings of an image: 0 seven-point chip, 1 its mirror, 2 five-point chip, 3 its mirror.
const variants: Record<string, number[]> = {
  'seven-point': [0],
  'seven-point + mirror (default before)': [0, 1],
  'five-point': [2],
  'five-point + mirror': [2, 3],
  'five-point + seven-point mirror (default)': [2, 1],
  'seven-point + five-point mirror': [0, 3],
  'both, each + mirror': [0, 1, 2, 3],
};

let pairs = readPairs().filter((p) => p.fold < folds);
if (quick) pairs = [...pairs.filter((p) => p.same).slice(0, 6), ...pairs.filter((p) => !p.same).slice(0, 6)];
const images = [...firstFolds(pairs).keys()];
let cache = readChipCache(cacheDir);
const todo = images.filter((f, i) => !cache.has(f) && (!shard || i % shard[1] === shard[0]));
let msPerFivePoints: number | null = null;
if (todo.length > 0) {
  console.error(`embedding ${todo.length} LFW images × 4 chips…`);
  const detector = await createHumanDetector();
  const embedder = await createFaceApiEmbedder({ flip: false });
  const predictor = fivePointPredictor();
  let predictMs = 0, faces = 0;
  for (const [i, file] of todo.entries()) {
    const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
    const face = labelledFace(await detector.detect(image), image);
    let embs: Float32Array[] = [];
    if (face) {
      const t = performance.now();
      const five = fivePoints(image, face.landmarks, predictor);
      predictMs += performance.now() - t;
      faces++;
      const seven = alignFace(image, face.landmarks, faceApiChip), fiveChip = alignFivePoints(image, five, faceApiChip);
      embs = await embedder.embed([seven, mirrorChip(seven), fiveChip, mirrorChip(fiveChip)]);
    }
    appendChipCache(cacheDir, file, embs);
    if ((i + 1) % 100 === 0 || i + 1 === todo.length) console.error(`  ${i + 1}/${todo.length}`);
  }
  await detector.dispose();
  await embedder.dispose();
  msPerFivePoints = faces > 0 ? round(predictMs / faces, 2) : null;
  if (shard) process.exit(0);
  cache = readChipCache(cacheDir);
}
if (shard) process.exit(0);

const foldList = [...new Set(pairs.map((p) => p.fold))];
const withFace = images.filter((f) => (cache.get(f)?.length ?? 0) > 0);
const results = evaluateVariants(pairs, images, cache, variants);
console.log(JSON.stringify({ bench: 'face-align', quick, folds: foldList.map((f) => f + 1), images: images.length, images_with_face: withFace.length, ms_per_five_points: msPerFivePoints, loadavg_end: loadavg().map((x) => round(x, 2)), results }));
