// LFW View 2 accuracy of the default path on both runtimes, fold by fold, until the folds asked for
// are done or the time budget is spent: on ONNX Runtime the converted detector and the ONNX graph
// of the network, on TensorFlow.js Human's detector and the TF.js network (each with mirror
// averaging). Each path cuts its chip from its own landmarks; how often those agree is counted.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/media/decode.ts';
import { createHumanDetector } from '../../src/signals/face/human-detector.ts';
import { cutChip } from '../../src/signals/face/five-point.ts';
import { createDefaultDetector, createDefaultNetworkEmbedder, defaultNetworkRuntime } from '../../src/signals/face/default-network-runtime.ts';
import { landmarkNames, type DetectedFace } from '../../src/signals/face/types.ts';
import { cosine } from '../../src/signals/face/vector.ts';
import { labelledFace } from './lfw-embed.ts';
import { lfwDir, type LfwPair } from './lfw.ts';
import { round, tenFold, type ScoredPair } from './face-eval.ts';

/** Accuracy per runtime over the folds finished within `minutes`, and how far the two runtimes' templates differ. */
export async function runtimeAccuracy(pairs: LfwPair[], options: { folds: number; minutes: number; firstFold?: number }) {
  const detector = await createHumanDetector();
  const base = defaultNetworkRuntime();
  const onnxDetector = await createDefaultDetector({ ...base, runtime: 'onnx' });
  const onnx = await createDefaultNetworkEmbedder({ ...base, runtime: 'onnx' });
  const tfjs = await createDefaultNetworkEmbedder({ ...base, runtime: 'tfjs' });
  const templates = new Map<string, { onnx: Float32Array | null; tfjs: Float32Array | null }>();
  const landmarks = { faces: 0, identical: 0 };
  const t0 = performance.now();
  const done: number[] = [];
  for (let fold = (options.firstFold ?? 1) - 1; fold < options.folds; fold++) {
    if ((performance.now() - t0) / 60_000 > options.minutes) break;
    for (const p of pairs.filter((q) => q.fold === fold)) {
      for (const file of [p.a, p.b]) {
        if (templates.has(file)) continue;
        const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
        const ours = labelledFace(await onnxDetector.detect(image), image), theirs = labelledFace(await detector.detect(image), image);
        const same = Boolean(ours && theirs && sameLandmarks(ours, theirs));
        if (ours && theirs) { landmarks.faces++; if (same) landmarks.identical++; }
        const chipOnnx = ours && cutChip(image, ours.landmarks, onnx.chip);
        const chipTfjs = same ? chipOnnx : theirs && cutChip(image, theirs.landmarks, tfjs.chip);
        templates.set(file, { onnx: chipOnnx ? (await onnx.embed([chipOnnx]))[0]! : null, tfjs: chipTfjs ? (await tfjs.embed([chipTfjs]))[0]! : null });
      }
    }
    done.push(fold);
    console.error(`  fold ${fold + 1} done, ${templates.size} images, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await detector.dispose();
  await onnxDetector.dispose();
  await onnx.dispose();
  await tfjs.dispose();
  const selected = pairs.filter((p) => done.includes(p.fold));
  // A pair with an image without a face counts as a non-match on both runtimes.
  const scored = (rt: 'onnx' | 'tfjs'): ScoredPair[] => selected.map((p) => {
    const a = templates.get(p.a)?.[rt], b = templates.get(p.b)?.[rt];
    return { ...p, score: a && b ? cosine(a, b) : -1, acquired: Boolean(a && b) };
  });
  const [o, t] = [tenFold(scored('onnx'), done), tenFold(scored('tfjs'), done)];
  const agreement = [...templates.values()].flatMap((v) => (v.onnx && v.tfjs ? [cosine(v.onnx, v.tfjs)] : []));
  const values = [...templates.values()];
  return {
    folds: done.map((f) => f + 1), pairs: selected.length, images: templates.size,
    noFace: { onnx: values.filter((v) => !v.onnx).length, tfjs: values.filter((v) => !v.tfjs).length },
    landmarksIdentical: landmarks,
    onnx: { accuracy: round(o.mean * 100, 3), std: round(o.std * 100, 3) },
    tfjs: { accuracy: round(t.mean * 100, 3), std: round(t.std * 100, 3) },
    differencePoints: round((o.mean - t.mean) * 100, 3),
    templateCosine: { min: round(Math.min(...agreement), 6), n: agreement.length },
    seconds: round((performance.now() - t0) / 1000, 0),
  };
}

function sameLandmarks(a: DetectedFace, b: DetectedFace): boolean {
  return landmarkNames.every((k) => a.landmarks[k].x === b.landmarks[k].x && a.landmarks[k].y === b.landmarks[k].y);
}
