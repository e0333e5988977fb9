import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Embedder } from '../types.ts';
import { createFaceApiEmbedder, faceApiModelId } from '../faceapi-embedder.ts';
import { createHumanDetector } from '../human-detector.ts';
import { FacePipeline } from '../pipeline.ts';
import { syntheticChip } from '../test-chip.ts';
import { cosine } from '../vector.ts';
import { lfwAbsent, lfwImage } from '../../../testing/face-test-data.ts';
import { mediapipeFileName, mediapipeModels } from '../mediapipe/mediapipe-graphs.ts';
import { createDlibOnnxEmbedder, dlibResnetFileName, ensureDlibResnetOnnx } from './dlib-resnet-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'abg-dlib-onnx-'));
let onnx: Embedder, tfjs: Embedder;
before(async () => {
  onnx = await createDlibOnnxEmbedder(dir);
  tfjs = await createFaceApiEmbedder();
});
after(async () => {
  await onnx?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('the ONNX graph gives the TensorFlow.js descriptor of synthetic chips (cosine ≥ 0.999), under the same model id and chip', async () => {
  assert.equal(onnx.id, faceApiModelId());
  assert.deepEqual(onnx.chip, tfjs.chip);
  assert.equal(onnx.flip, tfjs.flip);
  const chips = [1, 2, 3].map((seed) => syntheticChip(150, seed));
  const [a, b] = [await onnx.embed(chips), await tfjs.embed(chips)];
  for (const [i, v] of a.entries()) assert.ok(cosine(v, b[i]!) >= 0.999, `chip ${i}: ${cosine(v, b[i]!)}`);
  // Distinct chips stay distinct: the graph does not map everything to one vector.
  assert.ok(cosine(a[0]!, a[1]!) < 0.999);
});

test('the graph is cached with its sha256, loaded again unchanged, and rebuilt when the file was altered', () => {
  const first = ensureDlibResnetOnnx(dir);
  assert.equal(first.built, false, 'the embedder built it already');
  assert.equal(readFileSync(`${first.file}.sha256`, 'utf8').trim(), first.sha256);
  const bytes = readFileSync(first.file);
  bytes[bytes.length - 1]! ^= 0xff;
  writeFileSync(first.file, bytes);
  const rebuilt = ensureDlibResnetOnnx(dir);
  assert.equal(rebuilt.built, true);
  assert.equal(rebuilt.sha256, first.sha256, 'the graph is written the same way every time');
  assert.deepEqual(readFileSync(rebuilt.file), Buffer.from(rebuilt.bytes));
});

test('on LFW faces the ONNX path and the TensorFlow.js path give the same embeddings (cosine ≥ 0.999 per face)', { skip: lfwAbsent }, async () => {
  const detector = await createHumanDetector();
  const viaOnnx = new FacePipeline(detector, onnx), viaTfjs = new FacePipeline(detector, tfjs);
  const people: [string, number][] = [['Aaron_Peirsol', 1], ['Abel_Pacheco', 1], ['Abel_Pacheco', 4], ['Akhmed_Zakayev', 1], ['George_W_Bush', 10], ['Serena_Williams', 3]];
  for (const [name, i] of people) {
    const bytes = readFileSync(lfwImage(name, i));
    const [a, b] = [(await viaOnnx.analyse(bytes)).faces[0]!, (await viaTfjs.analyse(bytes)).faces[0]!];
    assert.equal(a.model, b.model);
    assert.ok(cosine(a.embedding, b.embedding) >= 0.999, `${name} ${i}: ${cosine(a.embedding, b.embedding)}`);
  }
});

test('the worker pool runs the default path on the runtime set in its thread, caching its graphs where it says', async () => {
  const { FaceWorkerPool } = await import('../pool.ts');
  const { defaultNetworkRuntime, setDefaultNetworkRuntime } = await import('../default-network-runtime.ts');
  const before = defaultNetworkRuntime();
  const cacheDir = join(dir, 'pool-cache');
  setDefaultNetworkRuntime({ runtime: 'onnx', cacheDir, threads: 1 });
  const pool = new FaceWorkerPool({ size: 1 });
  try {
    await pool.ready();
    assert.ok(existsSync(join(cacheDir, dlibResnetFileName())), 'the worker wrote the graph into the configured folder');
    for (const m of mediapipeModels) assert.ok(existsSync(join(cacheDir, mediapipeFileName(m))), `the worker's detector wrote the ${m} graph there too`);
  } finally {
    await pool.close();
    setDefaultNetworkRuntime(before);
  }
});

test('a pool on ONNX Runtime and a pool on TensorFlow.js find the same landmarks and give the same templates', { skip: lfwAbsent }, async () => {
  const { FaceWorkerPool } = await import('../pool.ts');
  const { defaultNetworkRuntime, setDefaultNetworkRuntime } = await import('../default-network-runtime.ts');
  const before = defaultNetworkRuntime();
  const pools: InstanceType<typeof FaceWorkerPool>[] = [];
  try {
    for (const runtime of ['onnx', 'tfjs'] as const) {
      setDefaultNetworkRuntime({ runtime, cacheDir: join(dir, 'pools'), threads: 1 });
      pools.push(new FaceWorkerPool({ size: 1 }));
    }
    for (const [name, i] of [['Aaron_Peirsol', 1], ['Anthony_Fauci', 2]] as const) {
      const bytes = readFileSync(lfwImage(name, i));
      const [a, b] = await Promise.all(pools.map(async (p) => (await p.analyse(bytes)).faces[0]!));
      assert.deepEqual(a!.landmarks, b!.landmarks, `${name} ${i}: landmarks`);
      assert.ok(cosine(a!.embedding, b!.embedding) >= 0.999, `${name} ${i}: ${cosine(a!.embedding, b!.embedding)}`);
    }
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    setDefaultNetworkRuntime(before);
  }
});
