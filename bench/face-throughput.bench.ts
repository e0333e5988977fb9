// Face throughput: `npm run bench -- face-throughput [--quick] [--images N] [--baseline]`
// Over the same LFW images, in one process, one after another:
//  1. the worker pool (one model instance per core) with the default network on TensorFlow.js,
//  2. the same pool with the default network on ONNX Runtime (its graph written from the same weights),
//     1 and 2 interleaved in rounds of images,
//  3. the embedding step alone for each runtime (single thread, the chips the pipeline cut),
//  4. where one image's time goes in a single-thread pipeline on ONNX (decode, detector with its
//     mesh landmarks, dlib five points and alignment, quality, embedder), medians per image, with
//     Human's detector on TensorFlow.js timed on the same images and its landmarks compared;
//  5. with --baseline, face-api's documented single-process usage on the same WASM backend.
// Prints faces per second, medians, the ONNX : TF.js ratios and the cosine agreement of the two pools.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { decodeImage } from '../src/media/decode.ts';
import { createHumanDetector } from '../src/signals/face/human-detector.ts';
import { FaceWorkerPool } from '../src/signals/face/pool.ts';
import { resolveModel } from '../src/signals/face/models.ts';
import { cutChip } from '../src/signals/face/five-point.ts';
import { alignFace } from '../src/signals/face/align.ts';
import { measureQuality } from '../src/signals/face/quality.ts';
import { faceApiChip } from '../src/signals/face/faceapi-embedder.ts';
import { createDefaultDetector, createDefaultNetworkEmbedder, defaultNetworkRuntime, setDefaultNetworkRuntime, type FaceRuntime } from '../src/signals/face/default-network-runtime.ts';
import { faceApiModelDir, loadFaceApi } from '../src/signals/face/runtime.ts';
import { landmarkNames, type AlignedFace, type Embedder } from '../src/signals/face/types.ts';
import { cosine } from '../src/signals/face/vector.ts';
import { lfwAvailable, lfwDir, readPairs, uniqueImages } from './lib/lfw.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const n = Number(args[args.indexOf('--images') + 1] ?? NaN) || (quick ? 8 : 120);
if (!lfwAvailable()) {
  console.log(JSON.stringify({ bench: 'face-throughput', skipped: 'shared data not found: ../shared/data/lfw/' }));
  process.exit(0);
}
const files = uniqueImages(readPairs()).filter((_, i) => i % 13 === 0).slice(0, n);
const bytes = files.map((f) => new Uint8Array(readFileSync(`${lfwDir}${f}`)));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : NaN; };
const size = availableParallelism();
const base = defaultNetworkRuntime();

// 1, 2. The pool, end to end, on each runtime: both pools started, then the images in rounds of
// `round` alternating between them, so that a change in the machine's load falls on both alike.
async function startPool(runtime: FaceRuntime) {
  setDefaultNetworkRuntime({ ...base, runtime });
  const t1 = performance.now();
  const pool = new FaceWorkerPool({ size });
  await pool.ready();
  const startupSeconds = round((performance.now() - t1) / 1000);
  await Promise.all(Array.from({ length: size }, () => pool.analyse(bytes[0]!).catch(() => undefined)));
  return { runtime, pool, startupSeconds, seconds: 0, embeddings: [] as (Float32Array | undefined)[] };
}
const runs = [await startPool('tfjs'), await startPool('onnx')];
setDefaultNetworkRuntime(base);
const roundSize = Math.max(size, Math.min(20, Math.ceil(bytes.length / 6)));
for (let i = 0; i < bytes.length; i += roundSize) {
  for (const r of i / roundSize % 2 === 0 ? runs : [...runs].reverse()) {
    const t0 = performance.now();
    r.embeddings.push(...await Promise.all(bytes.slice(i, i + roundSize).map((b) => r.pool.analyse(b).then((a) => a.faces[0]!.embedding, () => undefined))));
    r.seconds += (performance.now() - t0) / 1000;
  }
}
for (const r of runs) await r.pool.close();
const summary = (r: (typeof runs)[number]) => {
  const faces = r.embeddings.filter(Boolean).length;
  return { what: `worker pool of ${size}, default network on ${r.runtime}`, facesFound: faces, seconds: round(r.seconds), facesPerSecond: round(faces / r.seconds), startupSeconds: r.startupSeconds };
};
const [tfjsPool, onnxPool] = [{ embeddings: runs[0]!.embeddings, summary: summary(runs[0]!) }, { embeddings: runs[1]!.embeddings, summary: summary(runs[1]!) }];

// 4. Stages of one image, single thread, ONNX embedder; the chips feed step 3.
const detector = await createDefaultDetector({ ...base, runtime: 'onnx' });
const human = await createHumanDetector();
const embedders: Record<FaceRuntime, Embedder> = { onnx: await createDefaultNetworkEmbedder({ ...base, runtime: 'onnx' }), tfjs: await createDefaultNetworkEmbedder({ ...base, runtime: 'tfjs' }) };
const stages = { decode: [] as number[], detectorAndMesh: [] as number[], fivePointAndAlign: [] as number[], quality: [] as number[], embedOnnx: [] as number[] };
const humanDetector: number[] = [];
const landmarks = { compared: 0, identical: 0, maxPixels: 0 };
const chips: AlignedFace[] = [];
for (const b of bytes) {
  let t = performance.now();
  const image = await decodeImage(b);
  stages.decode.push(performance.now() - t);
  t = performance.now();
  const [face] = await detector.detect(image, { maxFaces: 1 });
  stages.detectorAndMesh.push(performance.now() - t);
  t = performance.now();
  const [theirs] = await human.detect(image, { maxFaces: 1 });
  humanDetector.push(performance.now() - t);
  if (face && theirs) {
    for (const k of landmarkNames) {
      const d = Math.hypot(face.landmarks[k].x - theirs.landmarks[k].x, face.landmarks[k].y - theirs.landmarks[k].y);
      landmarks.compared++;
      if (d === 0) landmarks.identical++;
      landmarks.maxPixels = Math.max(landmarks.maxPixels, d);
    }
  }
  if (!face) continue;
  t = performance.now();
  const chip = cutChip(image, face.landmarks, embedders.onnx.chip);
  stages.fivePointAndAlign.push(performance.now() - t);
  t = performance.now();
  measureQuality(face, chip.mirrorView ?? alignFace(image, face.landmarks, faceApiChip));
  stages.quality.push(performance.now() - t);
  t = performance.now();
  await embedders.onnx.embed([chip]);
  stages.embedOnnx.push(performance.now() - t);
  chips.push(chip);
}

// 3. The embedding step alone, per face (both runtimes average the chip with its mirror view).
async function embedOnly(e: Embedder) {
  await e.embed([chips[0]!]);
  const ms: number[] = [];
  const t0 = performance.now();
  for (const c of chips) { const t = performance.now(); await e.embed([c]); ms.push(performance.now() - t); }
  const seconds = (performance.now() - t0) / 1000;
  return { faces: chips.length, medianMs: round(median(ms)), facesPerSecond: round(chips.length / seconds) };
}
const embedTfjs = await embedOnly(embedders.tfjs);
const embedOnnx = await embedOnly(embedders.onnx);

// 5. Optional: face-api's documented usage.
let baseline: Record<string, unknown> | undefined;
if (args.includes('--baseline')) {
  const faceapi = await loadFaceApi();
  const dir = faceApiModelDir();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 });
  let found = 0;
  const t0 = performance.now();
  for (const b of bytes) {
    const img = await decodeImage(b);
    const t = faceapi.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
    if (await faceapi.detectSingleFace(t, options).withFaceLandmarks().withFaceDescriptor()) found++;
    t.dispose();
  }
  const s = (performance.now() - t0) / 1000;
  baseline = { what: 'face-api documented usage, one image at a time', facesFound: found, seconds: round(s), facesPerSecond: round(found / s) };
}

const agree = onnxPool.embeddings.map((p, i) => (p && tfjsPool.embeddings[i] ? cosine(p, tfjsPool.embeddings[i]!) : NaN)).filter(Number.isFinite);
const stageMedians = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, round(median(v))]));
const stageTotal = Object.values(stageMedians).reduce((a, b) => a + b, 0);
const result = {
  bench: 'face-throughput', quick, images: bytes.length, cores: size, model: resolveModel(undefined).id,
  poolTfjs: tfjsPool.summary,
  poolOnnx: onnxPool.summary,
  endToEndOnnxVsTfjs: round(onnxPool.summary.facesPerSecond / tfjsPool.summary.facesPerSecond),
  embedTfjs, embedOnnx,
  embedOnnxVsTfjs: round(embedTfjs.medianMs / embedOnnx.medianMs),
  stagesMedianMsOnnx: stageMedians,
  stageShares: Object.fromEntries(Object.entries(stageMedians).map(([k, v]) => [k, round(v / stageTotal, 3)])),
  detectorHumanTfjsMedianMs: round(median(humanDetector)),
  detectorOnnxVsHuman: round(median(humanDetector) / stageMedians.detectorAndMesh!),
  landmarksOnnxVsHuman: { ...landmarks, maxPixels: round(landmarks.maxPixels) },
  cosineOnnxPoolVsTfjsPool: { min: round(Math.min(...agree), 6), median: round(median(agree), 6), n: agree.length },
  ...(baseline ? { baseline } : {}),
  note: 'wall-clock on a shared machine; compare the ratios, measured in this run; both runtimes average each chip with its mirror view',
};
console.log(JSON.stringify(result));
function round(v: number, d = 2): number { return Math.round(v * 10 ** d) / 10 ** d; }
