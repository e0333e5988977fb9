// Reads the weights of a TensorFlow.js model (its manifest groups and their binary shards) the way
// TensorFlow.js itself dequantises them: uint8 as value × scale + min, float16 widened to float32,
// float32 and int32 as stored (little-endian).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  quantization?: { dtype: 'uint8'; scale: number; min: number } | { dtype: 'float16' };
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

export interface TfjsTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** Every weight of the groups by name; the shards are read from `dir`. */
export function readTfjsWeights(groups: TfjsWeightGroup[], dir: string): Map<string, TfjsTensor> {
  const out = new Map<string, TfjsTensor>();
  for (const group of groups) {
    const bin = Buffer.concat(group.paths.map((p) => readFileSync(join(dir, p))));
    let offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      const { data, bytes } = decodeWeight(bin, offset, count, w);
      offset += bytes;
      out.set(w.name, { shape: w.shape, dtype: w.dtype, data });
    }
    if (offset !== bin.length) throw new Error(`weight shards hold ${bin.length} bytes, the manifest describes ${offset}`);
  }
  return out;
}

function decodeWeight(bin: Buffer, offset: number, count: number, w: TfjsWeightSpec): { data: Float32Array | Int32Array; bytes: number } {
  const q = w.quantization;
  if (q?.dtype === 'uint8') {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = bin[offset + i]! * q.scale + q.min;
    return { data, bytes: count };
  }
  if (q?.dtype === 'float16') {
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = halfToFloat(bin.readUInt16LE(offset + i * 2));
    return { data, bytes: count * 2 };
  }
  if (q) throw new Error(`unsupported quantisation ${(q as { dtype: string }).dtype} of ${w.name}`);
  const data = w.dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = w.dtype === 'int32' ? bin.readInt32LE(offset + i * 4) : bin.readFloatLE(offset + i * 4);
  return { data, bytes: count * 4 };
}

/** IEEE 754 half precision to a number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
