import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeOnnxModel } from './onnx-graph.ts';
import { openSession } from './onnx-embedder.ts';
import ort from 'onnxruntime-node';

test('a written graph loads in ONNX Runtime with its declared shapes and computes what its nodes say', async () => {
  // y = 2 · (reshape(x, [N, 4]) · W) with W[i][j] = (3i + j) / 10, then Relu.
  const w = Float32Array.from({ length: 12 }, (_, i) => i / 10);
  const bytes = encodeOnnxModel({
    name: 'check',
    inputs: [{ name: 'x', type: 'float', shape: ['N', 1, 2, 2] }],
    outputs: [{ name: 'y', type: 'float', shape: ['N', 3] }],
    initializers: [{ name: 'shape', dims: [2], data: BigInt64Array.from([0n, -1n]) }, { name: 'w', dims: [4, 3], data: w }],
    nodes: [
      { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['flat'] },
      { op: 'Gemm', inputs: ['flat', 'w'], outputs: ['scaled'], attributes: { alpha: { float: 2 }, transB: 0 } },
      { op: 'Relu', inputs: ['scaled'], outputs: ['y'] },
    ],
  });
  const session = await openSession(bytes);
  assert.deepEqual(session.inputMetadata.map((m) => m.isTensor && [m.name, m.type, m.shape]), [['x', 'float32', ['N', 1, 2, 2]]]);
  assert.deepEqual(session.outputMetadata.map((m) => m.isTensor && [m.name, m.type, m.shape]), [['y', 'float32', ['N', 3]]]);
  const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, -1, 0, 0, 0]), [2, 1, 2, 2]) });
  assert.deepEqual(out.y!.dims, [2, 3]);
  assert.deepEqual(Array.from(out.y!.data as Float32Array, (v) => Math.round(v * 1000) / 1000), [12, 14, 16, 0, 0, 0]);
  await session.release();
});
