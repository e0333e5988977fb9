// Decoded pixels of the codecs sharp cannot read (JPEG 2000, lossless JPEG, raw samples), the
// limits every one of them is checked against before decoding, and their hand-over as PNG.
import sharp from 'sharp';
import { fail } from '../domain/errors.ts';
import type { DecodeLimits } from './decode.ts';

/** Interleaved 8-bit pixels, row-major: grey (1) or RGB (3). */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Refuses a file or a declared size over the limits, as decodeImage does, before any pixel is decoded. */
export function checkRasterLimits(bytes: number, width: number, height: number, limits: DecodeLimits): void {
  if (bytes === 0) fail('ABG_ERR_EMPTY_FILE');
  if (bytes > limits.maxBytes) fail('ABG_ERR_IMAGE_TOO_LARGE', `${bytes} bytes > ${limits.maxBytes}.`, { bytes, maxBytes: limits.maxBytes });
  if (width < 1 || height < 1) fail('ABG_ERR_CORRUPT_IMAGE', 'The header has no dimensions.');
  if (width > limits.maxDimension || height > limits.maxDimension || width * height > limits.maxPixels) {
    fail('ABG_ERR_IMAGE_TOO_LARGE', `${width}×${height} pixels exceed the limit.`, { width, height, maxPixels: limits.maxPixels });
  }
}

/** The pixels as a lossless PNG, the form every image pipeline reads. */
export async function rasterToPng(r: Raster): Promise<Uint8Array> {
  const png = await sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } }).png({ compressionLevel: 3 }).toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
