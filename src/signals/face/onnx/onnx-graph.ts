// Writes ONNX models (ModelProto) from a plain description of a graph: nodes, float or int64
// initialisers, typed inputs and outputs. Field numbers follow onnx/onnx.proto (IR version 8).
import { ProtoWriter } from './protobuf.ts';

/** ONNX tensor element types this writer emits. */
export const onnxElementType = { float: 1, int64: 7 } as const;
export type OnnxElementType = keyof typeof onnxElementType;

/** A dimension: a fixed size or a symbolic name (for example a batch dimension "N"). */
export type OnnxDim = number | string;

export interface OnnxValue {
  name: string;
  type: OnnxElementType;
  shape: OnnxDim[];
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  /** float32 data, or int64 data (shapes for Reshape). */
  data: Float32Array | BigInt64Array;
}

export type OnnxAttributeValue = number | string | number[] | { float: number } | { floats: number[] };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  /** Integers (INT/INTS), strings (STRING), `{ float }` (FLOAT, also for a whole number) or `{ floats }` (FLOATS); a non-integer number is a FLOAT. */
  attributes?: Record<string, OnnxAttributeValue>;
}

export interface OnnxGraph {
  name: string;
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  initializers: OnnxInitializer[];
  nodes: OnnxNode[];
}

const IR_VERSION = 8;
const DEFAULT_OPSET = 17;

/** The serialised ModelProto of `graph` (default opset domain, version 17 unless given). */
export function encodeOnnxModel(graph: OnnxGraph, options: { opset?: number; producer?: string; docString?: string } = {}): Uint8Array {
  const model = new ProtoWriter()
    .varint(1, IR_VERSION)
    .bytes(2, options.producer ?? 'abgleich')
    .bytes(8, new ProtoWriter().bytes(1, '').varint(2, options.opset ?? DEFAULT_OPSET));
  if (options.docString) model.bytes(6, options.docString);
  return model.bytes(7, encodeGraph(graph)).finish();
}

function encodeGraph(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.bytes(1, encodeNode(n));
  w.bytes(2, g.name);
  for (const t of g.initializers) w.bytes(5, encodeTensor(t));
  for (const v of g.inputs) w.bytes(11, encodeValueInfo(v));
  for (const v of g.outputs) w.bytes(12, encodeValueInfo(v));
  return w;
}

function encodeNode(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.bytes(1, i);
  for (const o of n.outputs) w.bytes(2, o);
  if (n.name) w.bytes(3, n.name);
  w.bytes(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) w.bytes(5, encodeAttribute(name, value));
  return w;
}

// AttributeProto fields and AttributeType values.
const attr = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function encodeAttribute(name: string, value: OnnxAttributeValue): ProtoWriter {
  const w = new ProtoWriter().bytes(1, name);
  if (typeof value === 'string') return w.bytes(4, value).varint(20, attr.STRING);
  if (typeof value === 'number') return Number.isInteger(value) ? w.varint(3, value).varint(20, attr.INT) : w.float(2, value).varint(20, attr.FLOAT);
  if (Array.isArray(value)) return w.packedVarints(8, value).varint(20, attr.INTS);
  if ('float' in value) return w.float(2, value.float).varint(20, attr.FLOAT);
  return w.packedFloats(7, value.floats).varint(20, attr.FLOATS);
}

function encodeTensor(t: OnnxInitializer): ProtoWriter {
  const w = new ProtoWriter().packedVarints(1, t.dims);
  const isFloat = t.data instanceof Float32Array;
  w.varint(2, isFloat ? onnxElementType.float : onnxElementType.int64).bytes(8, t.name);
  // raw_data is little-endian, as ONNX requires; typed arrays on this platform are little-endian.
  return w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function encodeValueInfo(v: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.bytes(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().bytes(2, d));
  const tensorType = new ProtoWriter().varint(1, onnxElementType[v.type]).bytes(2, shape);
  return new ProtoWriter().bytes(1, v.name).bytes(2, new ProtoWriter().bytes(1, tensorType));
}
