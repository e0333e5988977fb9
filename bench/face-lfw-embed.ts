// Fills the LFW embedding cache: `node --import tsx bench/face-lfw-embed.ts [--shard i/n] [--limit N] [--all]`.
// Embeds the 7,701 images named in pairs.txt (or all 13,233 with --all); resumable, since
// images already cached are skipped. Run several shards in parallel processes.
import { readFileSync, readdirSync } from 'node:fs';
import { decodeImage } from '../src/media/decode.ts';
import { createHumanDetector } from '../src/signals/face/human-detector.ts';
import { createFaceApiEmbedder } from '../src/signals/face/faceapi-embedder.ts';
import { createFaceresEmbedder } from '../src/signals/face/faceres-embedder.ts';
import { alignFace, mirrorChip } from '../src/signals/face/align.ts';
import { assessQuality, measureQuality } from '../src/signals/face/quality.ts';
import { faceApiChip } from '../src/signals/face/faceapi-embedder.ts';
import type { DetectedFace, Embedder } from '../src/signals/face/types.ts';
import { appendCache, type CachedImage, lfwDir, readCache, readPairs, uniqueImages } from './lib/lfw.ts';

const args = process.argv.slice(2);
const arg = (k: string) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
const [shard, shards] = (arg('--shard') ?? '0/1').split('/').map(Number) as [number, number];
const limit = Number(arg('--limit') ?? Infinity);
const all = args.includes('--all')
  ? readdirSync(lfwDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'published-roc')
    .flatMap((d) => readdirSync(`${lfwDir}${d.name}`).filter((f) => f.endsWith('.jpg')).map((f) => `${d.name}/${f}`)).sort()
  : uniqueImages(readPairs());
const done = readCache();
const todo = all.filter((f, i) => i % shards === shard && !done.has(f)).slice(0, limit);
console.error(`shard ${shard}/${shards}: ${todo.length} images to embed (${done.size} cached)`);

const detector = await createHumanDetector();
const embedders: Record<string, Embedder> = {
  faceapi: await createFaceApiEmbedder({ flip: false }),
  faceres: await createFaceresEmbedder({ flip: false }),
};
const t0 = performance.now();
let n = 0;
for (const file of todo) {
  const image = await decodeImage(readFileSync(`${lfwDir}${file}`));
  const faces = await detector.detect(image);
  // LFW centres the labelled person: take the detected face nearest the image centre.
  const dist = (f: DetectedFace) => Math.hypot(f.box[0] + f.box[2] / 2 - image.width / 2, f.box[1] + f.box[3] / 2 - image.height / 2);
  const face = faces.sort((x, y) => dist(x) - dist(y))[0];
  const embeddings: CachedImage['embeddings'] = {};
  let cached;
  if (face) {
    const q = assessQuality(measureQuality(face, alignFace(image, face.landmarks, faceApiChip)));
    cached = { box: face.box, score: face.score, unified: q.unified, interEyePx: q.interEyePx, yaw: q.yaw, pitch: q.pitch, roll: q.roll, sharpness: q.sharpness, exposure: q.exposure };
    for (const [alias, e] of Object.entries(embedders)) {
      const chip = alignFace(image, face.landmarks, e.chip);
      // The mirror image only for the 128-d model: faceres costs three times as much per chip.
      const [a, b] = await e.embed(alias === 'faceapi' ? [chip, mirrorChip(chip)] : [chip]);
      embeddings[alias] = b ? [a!, b] : [a!];
    }
  }
  appendCache(`part-${shard}-of-${shards}`, { file, facesFound: faces.length, ...(cached ? { face: cached } : {}), embeddings });
  if (++n % 100 === 0) console.error(`shard ${shard}: ${n}/${todo.length}, ${((performance.now() - t0) / n).toFixed(0)} ms/image`);
}
console.error(`shard ${shard}: done ${n} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
