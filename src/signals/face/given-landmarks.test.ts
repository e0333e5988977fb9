// Landmarks that come with an image (an exchange record's feature points) place the face when the
// detector finds none: the embedding is the one the detected face gives.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbgError } from '../../domain/errors.ts';
import { createHumanDetector } from './human-detector.ts';
import { createFaceApiEmbedder } from './faceapi-embedder.ts';
import { FacePipeline } from './pipeline.ts';
import type { FaceDetector } from './types.ts';
import { cosine } from './vector.ts';
import { lfwAbsent, lfwImage } from '../../testing/face-test-data.ts';

let found: FacePipeline;
let blind: FacePipeline;
before(async () => {
  if (lfwAbsent) return;
  found = new FacePipeline(await createHumanDetector(), await createFaceApiEmbedder());
  const none: FaceDetector = { id: 'finds-nothing', detect: async () => [], dispose: async () => {} };
  blind = new FacePipeline(none, await createFaceApiEmbedder());
});
after(async () => { await found?.dispose(); await blind?.dispose(); });

test('no face detected: given landmarks align the face, with the embedding the detected face has', { skip: lfwAbsent }, async () => {
  const image = readFileSync(lfwImage('Aaron_Peirsol', 1));
  const detected = (await found.analyse(image)).faces[0]!;
  await assert.rejects(blind.analyse(image), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_NO_FACE');
  const placed = (await blind.analyse(image, { givenLandmarks: detected.landmarks })).faces[0]!;
  assert.ok(cosine(placed.embedding, detected.embedding) > 0.999, `cosine ${cosine(placed.embedding, detected.embedding)}`);
  assert.equal(placed.score, 0, 'no detector score');
  const [x, y, w, h] = placed.box;
  assert.ok(x < detected.landmarks.rightEyeOuter.x && x + w > detected.landmarks.leftEyeOuter.x && y < detected.landmarks.rightEyeOuter.y && y + h > detected.landmarks.mouthLeft.y);
});
