import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUrlOfDir, humanModelDir, type Any } from '../runtime.ts';
import { tfOnWasm } from '../../../testing/tf-wasm.ts';
import { buildMediapipeOnnx, mediapipeModels } from '../mediapipe/mediapipe-graphs.ts';
import { onnxRuntime, openSession } from './onnx-embedder.ts';
import { encodeOnnxModel } from './onnx-graph.ts';
import { tfjsGraphToOnnx, UnsupportedTfGraph, type TfjsGraphModelJson } from './tfjs-graph-onnx.ts';
import { halfToFloat, readTfjsWeights } from './tfjs-weights.ts';

let tf: Any;
before(async () => { tf = await tfOnWasm(); });

const sizes = { blazeface: 256, facemesh: 192, iris: 64 } as const;

for (const model of mediapipeModels) {
  test(`${model}: the converted ONNX graph gives the TF.js model's outputs on the same input`, async () => {
    const ort = await onnxRuntime();
    const session = await openSession(buildMediapipeOnnx(model));
    const s = sizes[model], batch = model === 'iris' ? 2 : 1;
    const nhwc = Float32Array.from({ length: batch * s * s * 3 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + 0.5);
    const nchw = new Float32Array(nhwc.length);
    for (let b = 0; b < batch; b++) for (let y = 0; y < s; y++) for (let x = 0; x < s; x++) for (let c = 0; c < 3; c++) nchw[((b * 3 + c) * s + y) * s + x] = nhwc[((b * s + y) * s + x) * 3 + c]!;
    const ours = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', nchw, [batch, 3, s, s]) });
    const graph = await tf.loadGraphModel(`${fileUrlOfDir(humanModelDir())}${model}.json`);
    const input = tf.tensor4d(nhwc, [batch, s, s, 3]);
    const theirs = [graph.execute(input, session.outputNames.map((o) => `${o}:0`))].flat();
    session.outputNames.forEach((name, k) => {
      const a = ours[name]!.data as Float32Array, b = theirs[k].dataSync() as Float32Array;
      assert.deepEqual(ours[name]!.dims, theirs[k].shape, `${name} shape`);
      const scale = Math.max(...Array.from(b, Math.abs), 1e-3);
      const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
      assert.ok(worst <= 1e-4 * scale, `${name}: differs by ${worst} (largest value ${scale})`);
    });
    tf.dispose([input, ...theirs]);
    graph.dispose();
    await session.release();
  });
}

test('a graph with an op the converter does not translate is refused by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-tfjs-'));
  writeFileSync(join(dir, 'w.bin'), new Uint8Array(0));
  const model: TfjsGraphModelJson = {
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '1' }, { size: '8' }, { size: '8' }, { size: '3' }] } } } },
        { name: 'soft', op: 'Softmax', input: ['x'] },
        { name: 'Identity', op: 'Identity', input: ['soft'] },
      ],
    },
    weightsManifest: [{ paths: ['w.bin'], weights: [] }],
  };
  assert.throws(() => tfjsGraphToOnnx(model, readTfjsWeights(model.weightsManifest, dir), 'bad'), (e: unknown) => e instanceof UnsupportedTfGraph && /Softmax/.test((e as Error).message));
});

test('weight shards that do not hold what the manifest describes are refused', () => {
  const dir = humanModelDir();
  const json = JSON.parse(readFileSync(join(dir, 'iris.json'), 'utf8')) as TfjsGraphModelJson;
  const truncated = mkdtempSync(join(tmpdir(), 'abg-tfjs-'));
  writeFileSync(join(truncated, 'iris.bin'), readFileSync(join(dir, 'iris.bin')).subarray(0, 1000));
  assert.throws(() => readTfjsWeights(json.weightsManifest, truncated));
  // The same manifest over the whole shard converts and encodes.
  assert.ok(encodeOnnxModel(tfjsGraphToOnnx(json, readTfjsWeights(json.weightsManifest, dir), 'iris')).length > 1_000_000);
});

test('half-precision weights widen exactly, subnormals and infinities included', () => {
  assert.equal(halfToFloat(0x3c00), 1);
  assert.equal(halfToFloat(0xc000), -2);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x3555), 0.333251953125);
  assert.equal(halfToFloat(0x7c00), Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});
