// The default 128-d network (dlib's ResNet face descriptor) as an ONNX graph, written from the
// weights the TensorFlow.js path loads (face-api's port of dlib's CC0 weights, stored as uint8
// with a scale and a minimum per tensor). The graph computes what face-api's FaceRecognitionNet
// computes: each conv is followed by its bias and a per-channel scale (folded into the conv here),
// residual blocks add their input, down blocks add an average-pooled, zero-padded shortcut, and
// the spatial mean goes through one fully connected layer. Input normalisation (mean subtraction,
// /255) is the manifest's; the embedder L2-normalises the output as the TF.js path does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { faceApiModelDir } from '../runtime.ts';
import { readTfjsWeights, type TfjsWeightGroup } from './tfjs-weights.ts';
import { encodeOnnxModel, type OnnxGraph, type OnnxInitializer, type OnnxNode } from './onnx-graph.ts';

/** face-api's recognition weights by name, dequantised as TensorFlow.js dequantises them. */
export function readDlibResnetWeights(dir = faceApiModelDir()): Map<string, { shape: number[]; data: Float32Array }> {
  const groups = JSON.parse(readFileSync(join(dir, 'face_recognition_model-weights_manifest.json'), 'utf8')) as TfjsWeightGroup[];
  return readTfjsWeights(groups, dir) as Map<string, { shape: number[]; data: Float32Array }>;
}

type Weights = ReturnType<typeof readDlibResnetWeights>;

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  #n = 0;
  constructor(private readonly w: Weights) {}

  #name(prefix: string): string {
    return `${prefix}_${this.#n++}`;
  }

  #get(name: string): { shape: number[]; data: Float32Array } {
    const t = this.w.get(name);
    if (!t) throw new Error(`weight ${name} missing`);
    return t;
  }

  /** Conv (HWIO filters → OIHW) with its bias and the following per-channel scale folded in; optional ReLU. */
  conv(x: string, layer: string, stride: number, pad: number, relu: boolean): string {
    const f = this.#get(`${layer}/conv/filters`), bias = this.#get(`${layer}/conv/bias`).data;
    const sw = this.#get(`${layer}/scale/weights`).data, sb = this.#get(`${layer}/scale/biases`).data;
    const [kh, kw, ci, co] = f.shape as [number, number, number, number];
    const weights = new Float32Array(co * ci * kh * kw);
    for (let h = 0; h < kh; h++) for (let w = 0; w < kw; w++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
      weights[((o * ci + i) * kh + h) * kw + w] = f.data[((h * kw + w) * ci + i) * co + o]! * sw[o]!;
    }
    const b = new Float32Array(co).map((_, o) => bias[o]! * sw[o]! + sb[o]!);
    const wName = `${layer}/W`, bName = `${layer}/B`;
    this.initializers.push({ name: wName, dims: [co, ci, kh, kw], data: weights }, { name: bName, dims: [co], data: b });
    const out = this.#name('conv');
    this.nodes.push({ op: 'Conv', inputs: [x, wName, bName], outputs: [out], attributes: { kernel_shape: [kh, kw], strides: [stride, stride], pads: [pad, pad, pad, pad] } });
    return relu ? this.op('Relu', [out]) : out;
  }

  op(op: string, inputs: string[], attributes?: OnnxNode['attributes']): string {
    const out = this.#name(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [out], ...(attributes ? { attributes } : {}) });
    return out;
  }

  /** Zero padding after the data along channels (c) and at the bottom and right (hw), NCHW. */
  padEnd(x: string, c: number, hw: number): string {
    const name = this.#name('pads');
    this.initializers.push({ name, dims: [8], data: BigInt64Array.from([0, 0, 0, 0, 0, c, hw, hw].map(BigInt)) });
    return this.op('Pad', [x, name]);
  }

  residual(x: string, layer: string): string {
    const a = this.conv(x, `${layer}/conv1`, 1, 1, true);
    const b = this.conv(a, `${layer}/conv2`, 1, 1, false);
    return this.op('Relu', [this.op('Add', [b, x])]);
  }

  /** The down block; `size` is the input's spatial size, `cin`/`cout` its channels in and out. */
  residualDown(x: string, layer: string, size: number, cin: number, cout: number): { out: string; size: number } {
    const convSize = Math.floor((size - 3) / 2) + 1, poolSize = Math.floor(size / 2);
    let b = this.conv(this.conv(x, `${layer}/conv1`, 2, 0, true), `${layer}/conv2`, 1, 1, false);
    if (poolSize !== convSize) b = this.padEnd(b, 0, poolSize - convSize);
    let pooled = this.op('AveragePool', [x], { kernel_shape: [2, 2], strides: [2, 2] });
    if (cout !== cin) pooled = this.padEnd(pooled, cout - cin, 0);
    return { out: this.op('Relu', [this.op('Add', [pooled, b])]), size: poolSize };
  }
}

export const DLIB_RESNET_INPUT = 'chip';
export const DLIB_RESNET_OUTPUT = 'descriptor';

/** The ONNX model bytes of the default network, input [N, 3, 150, 150] already normalised, output [N, 128]. */
export function buildDlibResnetOnnx(weights: Weights = readDlibResnetWeights()): Uint8Array {
  const g = new GraphBuilder(weights);
  let x = g.conv(DLIB_RESNET_INPUT, 'conv32_down', 2, 0, true);
  x = g.op('MaxPool', [x], { kernel_shape: [3, 3], strides: [2, 2] });
  let size = 35;
  for (const l of ['conv32_1', 'conv32_2', 'conv32_3']) x = g.residual(x, l);
  const stages: [string, string[], number, number][] = [
    ['conv64_down', ['conv64_1', 'conv64_2', 'conv64_3'], 32, 64],
    ['conv128_down', ['conv128_1', 'conv128_2'], 64, 128],
    ['conv256_down', ['conv256_1', 'conv256_2'], 128, 256],
    ['conv256_down_out', [], 256, 256],
  ];
  for (const [down, blocks, cin, cout] of stages) {
    ({ out: x, size } = g.residualDown(x, down, size, cin, cout));
    for (const l of blocks) x = g.residual(x, l);
  }
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])]);
  const fc = weights.get('fc');
  if (!fc) throw new Error('weight fc missing');
  g.initializers.push({ name: 'fc', dims: fc.shape, data: fc.data });
  g.nodes.push({ op: 'MatMul', inputs: [pooled, 'fc'], outputs: [DLIB_RESNET_OUTPUT] });
  const graph: OnnxGraph = {
    name: 'dlib-resnet-128',
    inputs: [{ name: DLIB_RESNET_INPUT, type: 'float', shape: ['N', 3, 150, 150] }],
    outputs: [{ name: DLIB_RESNET_OUTPUT, type: 'float', shape: ['N', 128] }],
    initializers: g.initializers,
    nodes: g.nodes,
  };
  return encodeOnnxModel(graph, { docString: "dlib's ResNet face descriptor (CC0 weights by Davis King), from face-api's port of them" });
}
