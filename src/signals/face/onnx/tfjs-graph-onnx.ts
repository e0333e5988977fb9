// Converts a TensorFlow.js graph model (model.json + weight shards) of the convolutional kind
// MediaPipe's face models are into an ONNX graph: the ops they use (fused and depthwise
// convolutions, bias, ReLU, PReLU, max pooling, padding, addition, sigmoid, reshape, concat)
// and nothing else; any other op is refused by name. TensorFlow computes in NHWC, ONNX's Conv in
// NCHW: the ONNX graph takes its input as NCHW, keeps every 4-D activation in NCHW, and turns it
// back to NHWC where TensorFlow's meaning depends on the order (before a reshape, at an output),
// so the outputs are the TF.js model's, element for element.
import type { OnnxGraph, OnnxInitializer, OnnxNode, OnnxValue } from './onnx-graph.ts';
import type { TfjsTensor, TfjsWeightGroup } from './tfjs-weights.ts';

interface TfAttr {
  s?: string;
  i?: string;
  f?: number;
  b?: boolean;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim?: { size: string }[] };
}

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

interface TfSignatureTensor {
  name: string;
  tensorShape?: { dim?: { size: string }[] };
}

export interface TfjsGraphModelJson {
  modelTopology: { node: TfNode[] };
  weightsManifest: TfjsWeightGroup[];
  signature?: { outputs?: Record<string, TfSignatureTensor> };
  userDefinedMetadata?: { signature?: { outputs?: Record<string, TfSignatureTensor> } };
}

/** Thrown for a graph this converter does not translate (an op, a layout or an attribute it does not know). */
export class UnsupportedTfGraph extends Error {}

type Layout = 'nchw' | 'plain';

const text = (a: TfAttr | undefined) => (a?.s === undefined ? undefined : Buffer.from(a.s, 'base64').toString('utf8'));
const ints = (a: TfAttr | undefined) => (a?.list?.i ?? []).map(Number);
const strings = (a: TfAttr | undefined) => (a?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
const tensorName = (input: string) => input.replace(/:0$/, '');

// NHWC axis → NCHW axis.
const toNchwAxis = [0, 2, 3, 1];

/**
 * The ONNX graph of `model`. Its one input is `input` as float [N, 3, H, W]; its outputs are the
 * model's signature outputs (or, without a signature, its unconsumed Identity nodes) in NHWC.
 */
export function tfjsGraphToOnnx(model: TfjsGraphModelJson, weights: Map<string, TfjsTensor>, name: string): OnnxGraph {
  return new Converter(model, weights).convert(name);
}

class Converter {
  readonly #nodes = new Map<string, TfNode>();
  readonly #layout = new Map<string, Layout>();
  readonly #onnx: OnnxNode[] = [];
  readonly #init: OnnxInitializer[] = [];
  readonly #done = new Set<string>();
  #inputs: OnnxValue[] = [];
  #n = 0;

  constructor(private readonly model: TfjsGraphModelJson, private readonly weights: Map<string, TfjsTensor>) {
    for (const n of model.modelTopology.node) this.#nodes.set(n.name, n);
  }

  convert(name: string): OnnxGraph {
    const outputs: OnnxValue[] = [];
    for (const { node, shape } of this.#outputs()) {
      this.#visit(node);
      // A 4-D output is turned back to NHWC under its TF name; others keep theirs.
      if (this.#layout.get(node) === 'nchw') this.#rename(this.#toNhwc(node), node);
      outputs.push({ name: node, type: 'float', shape });
    }
    return { name, inputs: this.#inputs, outputs, initializers: this.#init, nodes: this.#onnx };
  }

  #outputs(): { node: string; shape: (number | string)[] }[] {
    const sig = this.model.signature?.outputs ?? this.model.userDefinedMetadata?.signature?.outputs;
    if (sig) {
      return Object.values(sig)
        .map((o) => ({ node: tensorName(o.name), shape: (o.tensorShape?.dim ?? []).map((d, i) => (Number(d.size) < 0 ? `d${i}` : Number(d.size))) }))
        .sort((a, b) => a.node.localeCompare(b.node));
    }
    const consumed = new Set([...this.#nodes.values()].flatMap((n) => (n.input ?? []).map(tensorName)));
    const out = [...this.#nodes.values()].filter((n) => n.op === 'Identity' && !consumed.has(n.name)).map((n) => n.name).sort();
    if (out.length === 0) throw new UnsupportedTfGraph('the graph names no outputs');
    return out.map((node) => ({ node, shape: [] }));
  }

  #visit(name: string): void {
    if (this.#done.has(name)) return;
    const node = this.#nodes.get(name);
    if (!node) throw new UnsupportedTfGraph(`the graph refers to a node it does not hold: ${name}`);
    const inputs = (node.input ?? []).filter((i) => !i.startsWith('^')).map(tensorName);
    for (const i of inputs) if (this.#nodes.get(i)?.op !== 'Const') this.#visit(i);
    this.#emit(node, inputs);
    this.#done.add(name);
  }

  #emit(node: TfNode, inputs: string[]): void {
    const a = node.attr ?? {};
    const x = inputs[0]!;
    switch (node.op) {
      case 'Placeholder': {
        const dims = (a.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        if (dims.length !== 4 || dims[3] !== 3) throw new UnsupportedTfGraph(`input ${node.name} is not an NHWC image with 3 channels`);
        this.#inputs = [{ name: node.name, type: 'float', shape: ['N', 3, dims[1]!, dims[2]!] }];
        return this.#set(node.name, 'nchw');
      }
      case '_FusedConv2D': return this.#fusedConv(node, inputs);
      case 'DepthwiseConv2dNative': {
        this.#needNchw(node, x);
        const w = this.#weight(inputs[1]!);
        const [kh, kw, cin, mult] = w.shape as [number, number, number, number];
        const filter = this.#const(`${node.name}/filter`, [cin * mult, 1, kh, kw], transpose(w, [2, 3, 0, 1], [kh, kw, cin, mult]));
        this.#node('Conv', [x, filter], node.name, { group: cin, ...this.#convAttributes(node, [kh, kw]) });
        return this.#set(node.name, 'nchw');
      }
      case 'MaxPool': {
        this.#needNchw(node, x);
        const k = ints(a.ksize);
        this.#node('MaxPool', [x], node.name, { kernel_shape: [k[1]!, k[2]!], ...this.#convAttributes(node) });
        return this.#set(node.name, 'nchw');
      }
      case 'Pad': {
        this.#needNchw(node, x);
        const p = Array.from(this.#weight(inputs[1]!).data);
        // TF pads [[n0,n1],[h0,h1],[w0,w1],[c0,c1]]; ONNX all begins in NCHW order, then all ends.
        const begins = [0, 3, 1, 2].map((ax) => p[ax * 2]!), ends = [0, 3, 1, 2].map((ax) => p[ax * 2 + 1]!);
        this.#node('Pad', [x, this.#int64(`${node.name}/pads`, [...begins, ...ends])], node.name, { mode: 'constant' });
        return this.#set(node.name, 'nchw');
      }
      case 'AddV2':
      case 'Add':
        this.#node('Add', inputs.map((i) => this.#operand(i, inputs)), node.name);
        return this.#set(node.name, this.#layoutOf(inputs));
      case 'Relu':
      case 'Sigmoid':
        this.#node(node.op, [x], node.name);
        return this.#set(node.name, this.#layout.get(x)!);
      case 'Prelu':
        this.#node('PRelu', [x, this.#alpha(inputs[1]!, node.name)], node.name);
        return this.#set(node.name, this.#layout.get(x)!);
      case 'Reshape': {
        const from = this.#layout.get(x) === 'nchw' ? this.#toNhwc(x) : x;
        this.#node('Reshape', [from, this.#int64(`${node.name}/shape`, Array.from(this.#weight(inputs[1]!).data))], node.name);
        return this.#set(node.name, 'plain');
      }
      case 'ConcatV2': {
        const parts = inputs.slice(0, -1);
        const layout = this.#layoutOf(parts);
        const axis = Number(this.#weight(inputs[inputs.length - 1]!).data[0]);
        const ax = layout === 'nchw' ? toNchwAxis[axis < 0 ? axis + 4 : axis]! : axis;
        this.#node('Concat', parts, node.name, { axis: ax });
        return this.#set(node.name, layout);
      }
      case 'Identity':
        this.#node('Identity', [x], node.name);
        return this.#set(node.name, this.#layout.get(x)!);
      default:
        throw new UnsupportedTfGraph(`op ${node.op} (${node.name}) is not one this converter translates`);
    }
  }

  #fusedConv(node: TfNode, inputs: string[]): void {
    const a = node.attr ?? {};
    const ops = strings(a.fused_ops);
    if (ops[0] !== 'BiasAdd' || ops.length > 2) throw new UnsupportedTfGraph(`fused ops ${ops.join('+')} of ${node.name}`);
    this.#needNchw(node, inputs[0]!);
    const w = this.#weight(inputs[1]!);
    const [kh, kw, cin, cout] = w.shape as [number, number, number, number];
    const filter = this.#const(`${node.name}/filter`, [cout, cin, kh, kw], transpose(w, [3, 2, 0, 1], [kh, kw, cin, cout]));
    const bias = this.#const(`${node.name}/bias`, [cout], Float32Array.from(this.#weight(inputs[2]!).data));
    const activation = ops[1];
    const conv = activation ? `${node.name}/conv` : node.name;
    this.#node('Conv', [inputs[0]!, filter, bias], conv, this.#convAttributes(node, [kh, kw]));
    if (activation === 'Relu') this.#node('Relu', [conv], node.name);
    else if (activation === 'Prelu') this.#node('PRelu', [conv, this.#alpha(inputs[3]!, node.name)], node.name);
    else if (activation) throw new UnsupportedTfGraph(`fused activation ${activation} of ${node.name}`);
    this.#set(node.name, 'nchw');
  }

  #convAttributes(node: TfNode, kernel?: [number, number]): Record<string, number[] | string> {
    const a = node.attr ?? {};
    if ((text(a.data_format) ?? 'NHWC') !== 'NHWC') throw new UnsupportedTfGraph(`${node.name} is not NHWC`);
    const s = ints(a.strides), d = ints(a.dilations);
    const padding = text(a.padding);
    if (padding !== 'SAME' && padding !== 'VALID') throw new UnsupportedTfGraph(`padding ${padding} of ${node.name}`);
    const out: Record<string, number[] | string> = { strides: [s[1] ?? 1, s[2] ?? 1], auto_pad: padding === 'SAME' ? 'SAME_UPPER' : 'VALID' };
    if (kernel) {
      out.kernel_shape = kernel;
      if (d.length) out.dilations = [d[1]!, d[2]!];
    }
    return out;
  }

  /** A PReLU slope as ONNX broadcasts it over NCHW: [C, 1, 1]. */
  #alpha(name: string, owner: string): string {
    const w = this.#weight(name);
    return this.#const(`${owner}/alpha`, [w.data.length, 1, 1], Float32Array.from(w.data));
  }

  /** An operand of an element-wise op: a 1-D constant beside an NCHW tensor becomes [C, 1, 1]. */
  #operand(name: string, all: string[]): string {
    if (this.#nodes.get(name)?.op !== 'Const') return name;
    const w = this.#weight(name);
    const nchw = all.some((i) => this.#layout.get(i) === 'nchw');
    return this.#const(`${name}/operand`, nchw && w.shape.length === 1 ? [w.shape[0]!, 1, 1] : w.shape, Float32Array.from(w.data));
  }

  #layoutOf(names: string[]): Layout {
    const layouts = new Set(names.filter((n) => this.#nodes.get(n)?.op !== 'Const').map((n) => this.#layout.get(n)!));
    if (layouts.size !== 1) throw new UnsupportedTfGraph(`inputs in mixed layouts: ${names.join(', ')}`);
    return [...layouts][0]!;
  }

  #needNchw(node: TfNode, input: string): void {
    if (this.#layout.get(input) !== 'nchw') throw new UnsupportedTfGraph(`${node.op} ${node.name} takes a tensor that is not an image`);
  }

  #toNhwc(name: string): string {
    const out = `${name}/nhwc_${this.#n++}`;
    this.#node('Transpose', [name], out, { perm: [0, 2, 3, 1] });
    return out;
  }

  #rename(from: string, to: string): void {
    // The NCHW tensor keeps a private name; the NHWC one takes the TF name the outputs list.
    for (const n of this.#onnx) {
      n.inputs = n.inputs.map((i) => (i === to ? `${to}/nchw` : i === from ? to : i));
      n.outputs = n.outputs.map((o) => (o === to ? `${to}/nchw` : o === from ? to : o));
    }
  }

  #weight(name: string): TfjsTensor {
    const w = this.weights.get(name);
    if (!w) throw new UnsupportedTfGraph(`constant ${name} is not in the weights`);
    return w;
  }

  #const(name: string, dims: number[], data: Float32Array): string {
    this.#init.push({ name, dims, data });
    return name;
  }

  #int64(name: string, values: number[]): string {
    this.#init.push({ name, dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }

  #node(op: string, inputs: string[], output: string, attributes?: OnnxNode['attributes']): void {
    this.#onnx.push({ op, inputs, outputs: [output], name: output, ...(attributes ? { attributes } : {}) });
  }

  #set(name: string, layout: Layout): void {
    this.#layout.set(name, layout);
  }
}

/** `w` (dims `shape`) with its axes reordered so that output axis k is input axis perm[k]. */
function transpose(w: TfjsTensor, perm: number[], shape: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]!);
  const inStride = strides(shape), outStride = strides(outShape);
  const out = new Float32Array(w.data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let rest = o, src = 0;
    for (let k = 0; k < outShape.length; k++) {
      idx[k] = Math.floor(rest / outStride[k]!);
      rest -= idx[k]! * outStride[k]!;
      src += idx[k]! * inStride[perm[k]!]!;
    }
    out[o] = w.data[src]!;
  }
  return out;
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let k = shape.length - 2; k >= 0; k--) s[k] = s[k + 1]! * shape[k + 1]!;
  return s;
}
