// Embeds LFW images into the benchmark cache (bench/out/face-lfw/): detection once per image,
// then each model's embedding of the chip the product cuts (and of its mirror view for the 128-d model).
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../src/media/decode.ts';
import { createHumanDetector } from '../../src/signals/face/human-detector.ts';
import { createFaceApiEmbedder, faceApiChip } from '../../src/signals/face/faceapi-embedder.ts';
import { createFaceresEmbedder } from '../../src/signals/face/faceres-embedder.ts';
import { alignFace, mirrorChip } from '../../src/signals/face/align.ts';
import { cutChip } from '../../src/signals/face/five-point.ts';
import { assessQuality, measureQuality } from '../../src/signals/face/quality.ts';
import type { DetectedFace, Embedder } from '../../src/signals/face/types.ts';
import { appendCache, type CachedImage, lfwDir } from './lfw.ts';

export interface FillOptions {
  part: string;
  /** Whether the second model (faceres) embeds this image. */
  withFaceres: (file: string) => boolean;
  onProgress?: (done: number, total: number, msPerImage: number) => void;
}

/** LFW centres the labelled person: the detected face nearest the image centre. */
export function labelledFace(faces: DetectedFace[], image: { width: number; height: number }): DetectedFace | undefined {
  const dist = (f: DetectedFace) => Math.hypot(f.box[0] + f.box[2] / 2 - image.width / 2, f.box[1] + f.box[3] / 2 - image.height / 2);
  return [...faces].sort((x, y) => dist(x) - dist(y))[0];
}

export async function fillCache(files: string[], options: FillOptions): Promise<void> {
  if (files.length === 0) return;
  const detector = await createHumanDetector();
  const embedders: Record<string, Embedder> = {
    faceapi: await createFaceApiEmbedder({ flip: false }),
    faceres: await createFaceresEmbedder({ flip: false }),
  };
  const t0 = performance.now();
  let n = 0;
  for (const file of files) {
    const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
    const faces = await detector.detect(image);
    const face = labelledFace(faces, image);
    const embeddings: CachedImage['embeddings'] = {};
    let cached: CachedImage['face'];
    if (face) {
      const q = assessQuality(measureQuality(face, alignFace(image, face.landmarks, faceApiChip)));
      cached = { box: face.box, score: face.score, unified: q.unified, interEyePx: q.interEyePx, yaw: q.yaw, pitch: q.pitch, roll: q.roll, sharpness: q.sharpness, exposure: q.exposure };
      for (const [alias, e] of Object.entries(embedders)) {
        if (alias === 'faceres' && !options.withFaceres(file)) continue;
        // The chip the product cuts; the 128-d model's mirror view too (faceres costs three times as much per chip).
        const chip = cutChip(image, face.landmarks, e.chip);
        const [a, b] = await e.embed(alias === 'faceapi' ? [chip, mirrorChip(chip.mirrorView ?? chip)] : [chip]);
        embeddings[alias] = b ? [a!, b] : [a!];
      }
    }
    appendCache(options.part, { file, facesFound: faces.length, ...(cached ? { face: cached } : {}), embeddings });
    n++;
    options.onProgress?.(n, files.length, (performance.now() - t0) / n);
  }
  await detector.dispose();
  for (const e of Object.values(embedders)) await e.dispose();
}
