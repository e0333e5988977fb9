// LFW View 2 accuracy of the default network on both runtimes from one detection per image: the
// same chip goes through the ONNX graph and through TensorFlow.js (each with mirror averaging),
// fold by fold, until the folds asked for are done or the time budget is spent.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/media/decode.ts';
import { createHumanDetector } from '../../src/signals/face/human-detector.ts';
import { cutChip } from '../../src/signals/face/five-point.ts';
import { createDefaultNetworkEmbedder, defaultNetworkRuntime } from '../../src/signals/face/default-network-runtime.ts';
import { cosine } from '../../src/signals/face/vector.ts';
import { labelledFace } from './lfw-embed.ts';
import { lfwDir, type LfwPair } from './lfw.ts';
import { round, tenFold, type ScoredPair } from './face-eval.ts';

/** Accuracy per runtime over the folds finished within `minutes`, and how far the two runtimes' templates differ. */
export async function runtimeAccuracy(pairs: LfwPair[], options: { folds: number; minutes: number; firstFold?: number }) {
  const detector = await createHumanDetector();
  const base = defaultNetworkRuntime();
  const onnx = await createDefaultNetworkEmbedder({ ...base, runtime: 'onnx' });
  const tfjs = await createDefaultNetworkEmbedder({ ...base, runtime: 'tfjs' });
  const templates = new Map<string, { onnx: Float32Array; tfjs: Float32Array } | null>();
  const t0 = performance.now();
  const done: number[] = [];
  for (let fold = (options.firstFold ?? 1) - 1; fold < options.folds; fold++) {
    if ((performance.now() - t0) / 60_000 > options.minutes) break;
    for (const p of pairs.filter((q) => q.fold === fold)) {
      for (const file of [p.a, p.b]) {
        if (templates.has(file)) continue;
        const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
        const face = labelledFace(await detector.detect(image), image);
        if (!face) { templates.set(file, null); continue; }
        const chip = cutChip(image, face.landmarks, onnx.chip);
        templates.set(file, { onnx: (await onnx.embed([chip]))[0]!, tfjs: (await tfjs.embed([chip]))[0]! });
      }
    }
    done.push(fold);
    console.error(`  fold ${fold + 1} done, ${templates.size} images, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  await detector.dispose();
  await onnx.dispose();
  await tfjs.dispose();
  const selected = pairs.filter((p) => done.includes(p.fold));
  // A pair with an image without a face counts as a non-match on both runtimes.
  const scored = (rt: 'onnx' | 'tfjs'): ScoredPair[] => selected.map((p) => {
    const a = templates.get(p.a), b = templates.get(p.b);
    return { ...p, score: a && b ? cosine(a[rt], b[rt]) : -1, acquired: Boolean(a && b) };
  });
  const [o, t] = [tenFold(scored('onnx'), done), tenFold(scored('tfjs'), done)];
  const agreement = [...templates.values()].filter((v) => v !== null).map((v) => cosine(v.onnx, v.tfjs));
  return {
    folds: done.map((f) => f + 1), pairs: selected.length, images: templates.size, noFace: [...templates.values()].filter((v) => v === null).length,
    onnx: { accuracy: round(o.mean * 100, 3), std: round(o.std * 100, 3) },
    tfjs: { accuracy: round(t.mean * 100, 3), std: round(t.std * 100, 3) },
    differencePoints: round((o.mean - t.mean) * 100, 3),
    templateCosine: { min: round(Math.min(...agreement), 6), n: agreement.length },
    seconds: round((performance.now() - t0) / 1000, 0),
  };
}
