// Lossless JPEG (ITU T.81 process 14, SOF3), as ANSI/NIST-ITL's JPEGL, decoded by
// jpeg-lossless-decoder-js. That decoder reads one scan; a frame whose components come in
// separate scans (NIST writes them so) is cut into one single-component stream per scan and the
// planes are interleaved again. The frame size is checked against the limits first.
import { createRequire } from 'node:module';
import { fail } from '../domain/errors.ts';
import { defaultDecodeLimits, type DecodeLimits } from './decode.ts';
import { checkRasterLimits, type Raster } from './raster.ts';

interface Segment { marker: number; start: number; end: number }
interface LosslessDecoder { decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array }

const { Decoder } = createRequire(import.meta.url)('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder };

/** Whether the bytes are a JPEG whose frame is lossless (SOF3). */
export function isLosslessJpeg(b: Uint8Array): boolean {
  return walk(b).some((s) => s.marker === 0xc3);
}

// The marker segments of the whole file, scans included (entropy data is skipped to the next marker).
function walk(b: Uint8Array): Segment[] {
  const out: Segment[] = [];
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return out;
  let p = 2;
  while (p + 4 <= b.length && out.length < 1000) {
    if (b[p] !== 0xff) return out;
    const marker = b[p + 1]!;
    if (marker === 0xff) { p++; continue; }
    if (marker === 0xd9) return out;
    const length = (b[p + 2]! << 8) | b[p + 3]!;
    if (length < 2 || p + 2 + length > b.length) return out;
    let end = p + 2 + length;
    if (marker === 0xda) {
      while (end + 1 < b.length && !(b[end] === 0xff && b[end + 1] !== 0 && !(b[end + 1]! >= 0xd0 && b[end + 1]! <= 0xd7))) end++;
      if (end + 1 >= b.length) end = b.length;
    }
    out.push({ marker, start: p, end });
    p = end;
  }
  return out;
}

/** Decodes an 8-bit lossless JPEG to grey or RGB pixels. */
export function decodeLosslessJpeg(bytes: Uint8Array, limits: Partial<DecodeLimits> = {}): Raster {
  const segments = walk(bytes);
  const sof = segments.find((s) => s.marker === 0xc3) ?? fail('ABG_ERR_CORRUPT_IMAGE', 'No lossless (SOF3) frame header.');
  const f = bytes.subarray(sof.start + 4, sof.end);
  const precision = f[0]!, height = (f[1]! << 8) | f[2]!, width = (f[3]! << 8) | f[4]!, components = f[5]!;
  checkRasterLimits(bytes.length, width, height, { ...defaultDecodeLimits, ...limits });
  if (precision !== 8 || (components !== 1 && components !== 3) || f.length < 6 + 3 * components) {
    fail('ABG_ERR_UNSUPPORTED_IMAGE', `Lossless JPEG with ${components} components of ${precision} bits; 8-bit grey or RGB is read.`, { detected: 'lossless JPEG' });
  }
  const ids = Array.from({ length: components }, (_, i) => f[6 + 3 * i]!);
  const scans = segments.filter((s) => s.marker === 0xda);
  const plane = width * height;
  if (scans.length === 1) return { data: run(rebuild(bytes, segments), width * height * components), width, height, channels: components as 1 | 3 };
  if (scans.length !== components) fail('ABG_ERR_CORRUPT_IMAGE', `${scans.length} scans for ${components} components.`);
  const out = new Uint8Array(plane * components);
  const tables: Segment[] = [];
  for (const s of segments) {
    if (s.marker === 0xc4 || s.marker === 0xdd) tables.push(s);
    if (s.marker !== 0xda) continue;
    const id = bytes[s.start + 5]!;
    const c = ids.indexOf(id);
    if (bytes[s.start + 4] !== 1 || c < 0) fail('ABG_ERR_CORRUPT_IMAGE', 'A scan names no component of the frame.');
    const frame = [0xff, 0xc3, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, id, 0x11, 0];
    const parts = [Uint8Array.of(0xff, 0xd8), ...tables.map((t) => dcTables(bytes, t)), Uint8Array.from(frame), bytes.subarray(s.start, s.end), Uint8Array.of(0xff, 0xd9)];
    const single = run(concat(parts), plane);
    for (let i = 0, o = c; i < plane; i++, o += components) out[o] = single[i]!;
  }
  return { data: out, width, height, channels: components as 1 | 3 };
}

// Lossless JPEG codes with DC tables only; some writers (NIST's among them) declare the tables
// as class 1. The decoder looks them up as DC tables, so the class is set to 0.
function dcTables(bytes: Uint8Array, t: Segment): Uint8Array {
  const seg = bytes.slice(t.start, t.end);
  if (seg[1] !== 0xc4) return seg;
  for (let p = 4; p + 17 <= seg.length;) {
    seg[p] = seg[p]! & 0x0f;
    let n = 0;
    for (let i = 1; i <= 16; i++) n += seg[p + i]!;
    p += 17 + n;
  }
  return seg;
}

function rebuild(bytes: Uint8Array, segments: Segment[]): Uint8Array {
  return concat([Uint8Array.of(0xff, 0xd8), ...segments.map((s) => dcTables(bytes, s)), Uint8Array.of(0xff, 0xd9)]);
}

function run(stream: Uint8Array, expected: number): Uint8Array {
  let data: Uint8Array;
  try {
    const copy = stream.slice();
    const r = new Decoder().decode(copy.buffer, 0, copy.byteLength, 1);
    data = r instanceof Uint8Array ? r : Uint8Array.from(r);
  } catch (e) {
    fail('ABG_ERR_CORRUPT_IMAGE', `Lossless JPEG: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  }
  if (data.length !== expected) fail('ABG_ERR_CORRUPT_IMAGE', 'The lossless JPEG stream is truncated.');
  return data;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
