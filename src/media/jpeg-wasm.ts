// Small JPEGs decode through mozjpeg compiled to WebAssembly (@jsquash/jpeg): the same decoder
// library sharp's libvips links, so the pixels are the same (decode tests compare them), at a
// fraction of sharp's fixed cost per call, which dominates for photos of a few hundred pixels.
// Any message the decoder emits (a warning such as a truncated stream) or any error makes the
// caller fall back to sharp, which then decides — so behaviour on damaged files is unchanged.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import factory from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';

interface MozJpegDecoder {
  decode(data: Uint8Array, preserveOrientation: boolean): { data: Uint8ClampedArray; width: number; height: number } | null;
}

const require = createRequire(import.meta.url);
let wasmBinary: Uint8Array | null = null;
let decoder: Promise<MozJpegDecoder> | null = null;
const messages: string[] = [];

function load(): Promise<MozJpegDecoder> {
  wasmBinary ??= readFileSync(require.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm'));
  const capture = (m: string) => { messages.push(m); };
  return (factory as unknown as (o: object) => Promise<MozJpegDecoder>)({ noInitialRun: true, wasmBinary, print: capture, printErr: capture });
}

/** RGBA pixels of a clean JPEG, or null when the decoder complained (the caller then uses sharp). */
export async function decodeJpegWasm(bytes: Uint8Array): Promise<{ rgba: Uint8Array; width: number; height: number } | null> {
  decoder ??= load();
  const d = await decoder;
  messages.length = 0;
  try {
    const r = d.decode(bytes, false); // copied into the decoder's heap by its binding
    if (!r || messages.length > 0) return null;
    return { rgba: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength), width: r.width, height: r.height };
  } catch {
    // A failed decode may leave the instance's heap in an unknown state: start a fresh one.
    decoder = null;
    return null;
  }
}
