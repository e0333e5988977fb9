// JPEG 2000 (JP2 files and bare codestreams) decoded by OpenJPEG compiled to WebAssembly
// (@cornerstonejs/codec-openjpeg), after the size in the SIZ marker is checked against the limits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fail } from '../domain/errors.ts';
import { defaultDecodeLimits, type DecodeLimits } from './decode.ts';
import { readJp2Header } from './jp2-header.ts';
import { checkRasterLimits, type Raster } from './raster.ts';

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number };
  delete?(): void;
}
interface OpenJpegModule { J2KDecoder: new () => J2KDecoder }

const require = createRequire(import.meta.url);
let module: Promise<OpenJpegModule> | null = null;

function load(): Promise<OpenJpegModule> {
  const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as (o: object) => Promise<OpenJpegModule>;
  const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
  const quiet = () => {};
  return factory({ wasmBinary, print: quiet, printErr: quiet });
}

/** Decodes a JPEG 2000 image to 8-bit grey or RGB pixels; the header is checked against the limits first. */
export async function decodeJpeg2000(bytes: Uint8Array, limits: Partial<DecodeLimits> = {}): Promise<Raster> {
  const h = readJp2Header(bytes) ?? fail('ABG_ERR_CORRUPT_IMAGE', 'No JPEG 2000 SIZ header.');
  checkRasterLimits(bytes.length, h.width, h.height, { ...defaultDecodeLimits, ...limits });
  if (h.precision !== 8 || (h.components !== 1 && h.components !== 3)) {
    fail('ABG_ERR_UNSUPPORTED_IMAGE', `JPEG 2000 with ${h.components} components of ${h.precision} bits; 8-bit grey or RGB is read.`, { detected: 'JPEG 2000' });
  }
  module ??= load();
  const m = await module;
  const decoder = new m.J2KDecoder();
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== h.width || info.height !== h.height || info.componentCount !== h.components) fail('ABG_ERR_CORRUPT_IMAGE', 'The JPEG 2000 codestream disagrees with its header.');
    const data = decoder.getDecodedBuffer().slice(0, h.width * h.height * h.components);
    if (data.length !== h.width * h.height * h.components) fail('ABG_ERR_CORRUPT_IMAGE', 'The JPEG 2000 codestream is truncated.');
    return { data, width: h.width, height: h.height, channels: h.components as 1 | 3 };
  } catch (e) {
    module = null; // a failed decode may leave the instance's heap in an unknown state
    if (e instanceof Error && e.name === 'AbgError') throw e;
    return fail('ABG_ERR_CORRUPT_IMAGE', `JPEG 2000: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`);
  } finally {
    decoder.delete?.();
  }
}
