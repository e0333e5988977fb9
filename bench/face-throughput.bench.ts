// Face embedding throughput: `npm run bench -- face-throughput [--quick] [--images N]`
// Three runs over the same LFW images, in one process, one after another:
//  1. baseline: face-api's documented single-process usage on the same WASM backend
//     (detectSingleFace → withFaceLandmarks → withFaceDescriptor, one image at a time);
//  2. the Abgleich pipeline in the main thread, one image at a time;
//  3. the Abgleich pipeline through the worker pool (one model instance per core).
// Prints faces per second, the ratios against the baseline and against run 2, and the cosine
// agreement of the pool's embeddings with run 2's (same pipeline) and with the baseline's.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { decodeImage } from '../src/media/decode.ts';
import { createHumanDetector } from '../src/signals/face/human-detector.ts';
import { FacePipeline } from '../src/signals/face/pipeline.ts';
import { FaceWorkerPool } from '../src/signals/face/pool.ts';
import { resolveModel } from '../src/signals/face/models.ts';
import { faceApiModelDir, loadFaceApi } from '../src/signals/face/runtime.ts';
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

// 1. Baseline: the package's documented usage.
const faceapi = await loadFaceApi();
const tf = faceapi.tf;
const dir = faceApiModelDir();
await faceapi.nets.ssdMobilenetv1.loadFromDisk(dir);
await faceapi.nets.faceLandmark68Net.loadFromDisk(dir);
await faceapi.nets.faceRecognitionNet.loadFromDisk(dir);
const baseline: (Float32Array | undefined)[] = [];
const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 });
await warm(async () => { await runBaseline(bytes[0]!); });
let t0 = performance.now();
for (const b of bytes) baseline.push(await runBaseline(b));
const baselineS = (performance.now() - t0) / 1000;
async function runBaseline(b: Uint8Array): Promise<Float32Array | undefined> {
  const img = await decodeImage(b);
  const t = tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  const r = await faceapi.detectSingleFace(t, options).withFaceLandmarks().withFaceDescriptor();
  t.dispose();
  return r ? Float32Array.from(r.descriptor as Float32Array) : undefined;
}

// 2. The pipeline in this thread.
const model = resolveModel(undefined);
const pipeline = new FacePipeline(await createHumanDetector(), await model.create());
await warm(async () => { await pipeline.analyse(bytes[0]!); });
const single: (Float32Array | undefined)[] = [];
t0 = performance.now();
for (const b of bytes) single.push(await pipeline.analyse(b).then((a) => a.faces[0]!.embedding, () => undefined));
const singleS = (performance.now() - t0) / 1000;

// 3. The worker pool.
const size = availableParallelism();
let t1 = performance.now();
const pool = new FaceWorkerPool({ size });
await pool.ready();
const startupS = (performance.now() - t1) / 1000;
await Promise.all(Array.from({ length: size }, () => pool.analyse(bytes[0]!).catch(() => undefined)));
t0 = performance.now();
const pooled = await Promise.all(bytes.map((b) => pool.analyse(b).then((a) => a.faces[0]!.embedding, () => undefined)));
const poolS = (performance.now() - t0) / 1000;
await pool.close();

async function warm(fn: () => Promise<void>): Promise<void> {
  try { await fn(); } catch { /* a warm-up image without a face is fine */ }
}

const facesOf = (xs: (Float32Array | undefined)[]) => xs.filter(Boolean).length;
const agreeSame = pooled.map((p, i) => (p && single[i] ? cosine(p, single[i]!) : NaN)).filter(Number.isFinite);
const agreeBase = pooled.map((p, i) => (p && baseline[i] ? cosine(p, baseline[i]!) : NaN)).filter(Number.isFinite);
const fps = (faces: number, s: number) => Math.round((faces / s) * 100) / 100;
const result = {
  bench: 'face-throughput', quick, images: bytes.length, cores: size, model: model.id,
  baseline: { what: 'face-api documented usage: SSD-MobileNetV1 + 68 landmarks + descriptor, one image at a time', facesFound: facesOf(baseline), seconds: round(baselineS), facesPerSecond: fps(facesOf(baseline), baselineS) },
  singleThread: { what: 'Abgleich pipeline in the main thread, one image at a time', facesFound: facesOf(single), seconds: round(singleS), facesPerSecond: fps(facesOf(single), singleS) },
  pool: { what: `Abgleich pipeline, worker pool of ${size}`, facesFound: facesOf(pooled), seconds: round(poolS), facesPerSecond: fps(facesOf(pooled), poolS), startupSeconds: round(startupS) },
  speedupVsBaseline: round(fps(facesOf(pooled), poolS) / fps(facesOf(baseline), baselineS)),
  speedupVsSingleThread: round(fps(facesOf(pooled), poolS) / fps(facesOf(single), singleS)),
  cosinePoolVsSingleThread: { min: round(Math.min(...agreeSame), 6), median: round(median(agreeSame), 6), n: agreeSame.length },
  cosinePoolVsBaseline: { min: round(Math.min(...agreeBase), 4), median: round(median(agreeBase), 4), n: agreeBase.length, note: 'different detector, landmarks and alignment: the same network on differently aligned chips' },
  note: 'wall-clock on a shared machine; compare the ratios, measured in this run',
};
console.log(JSON.stringify(result));
function round(v: number, d = 2): number { return Math.round(v * 10 ** d) / 10 ** d; }
