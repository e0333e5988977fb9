// Image decoding with limits checked before the pixels are decoded (decompression bombs),
// EXIF orientation applied, and every colour model reduced to 8-bit sRGB.
import sharp, { type Metadata } from 'sharp';
import { fail } from '../domain/errors.ts';
import { sniffImageFormat, type ImageFormat } from './image-format.ts';
import { readJpegHeader, type JpegHeader } from './jpeg-header.ts';
import { decodeJpegWasm } from './jpeg-wasm.ts';

export interface DecodeLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Largest accepted width × height, read from the header before decoding. */
  maxPixels: number;
  /** Largest accepted width or height alone. */
  maxDimension: number;
}

export const defaultDecodeLimits: DecodeLimits = {
  maxBytes: 30 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxDimension: 20_000,
};

export interface DecodeOptions {
  limits?: Partial<DecodeLimits>;
  /** Apply the EXIF orientation tag (default true). */
  autoOrient?: boolean;
  /** 'flatten' (default) lays transparency over white; 'ignore' drops the alpha channel as hash references do. */
  alpha?: 'flatten' | 'ignore';
  /** 'auto' (default) decodes small plain JPEGs in WebAssembly and everything else with sharp; 'sharp' always uses sharp. */
  decoder?: 'auto' | 'sharp';
  /**
   * For signals that only need a small image (hashes): a JPEG is decoded at 1/2, 1/4 or 1/8 of
   * its size in the DCT domain (libjpeg scaling through libvips shrink-on-load) and brought to
   * 1/3, 1/5 or 1/9 by a linear filter, the largest reduction whose shorter side keeps at least
   * this many pixels (dctShrink). Other formats decode in full.
   */
  reducedMinSide?: number;
}

/**
 * JPEGs up to this many pixels take the WebAssembly decoder: below it sharp's fixed cost per call
 * dominates; above it sharp's native SIMD decoder is faster (bench/pdq measures both).
 */
export const WASM_JPEG_MAX_PIXELS = 300_000;

export interface DecodedImage {
  /** Interleaved 8-bit RGB, row-major, `width * height * 3` bytes. */
  data: Uint8Array;
  width: number;
  height: number;
  format: ImageFormat;
  /** EXIF orientation of the file (1–8; 1 when absent), already applied unless autoOrient was false. */
  orientation: number;
}

/** Decoded pixels that may carry a fourth, meaningless byte per pixel (see decodeImagePixels). */
export interface DecodedPixels extends Omit<DecodedImage, 'data'> {
  /** Interleaved 8-bit RGB (channels 3) or RGB plus a filler byte to ignore (channels 4). */
  data: Uint8Array;
  channels: 3 | 4;
}

export interface ImageHeader {
  format: ImageFormat;
  /** Stored width and height, before orientation. */
  width: number;
  height: number;
  orientation: number;
  channels: number;
  bitsPerSample: number;
  space: string;
  pages: number;
}

/** Reads and checks the header only: format, dimensions, orientation. */
export async function probeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<ImageHeader> {
  const limits = { ...defaultDecodeLimits, ...options.limits };
  checkBytes(bytes, limits);
  const sniff = sniffImageFormat(bytes);
  if (sniff.kind === 'unsupported') fail('ABG_ERR_UNSUPPORTED_IMAGE', `Detected: ${sniff.what}.`, { detected: sniff.what });
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    fail('ABG_ERR_CORRUPT_IMAGE', describe(e));
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) fail('ABG_ERR_CORRUPT_IMAGE', 'The header has no dimensions.');
  checkDimensions(width, height, limits);
  return {
    format: sniff.format,
    width,
    height,
    orientation: meta.orientation ?? 1,
    channels: meta.channels ?? 3,
    bitsPerSample: depthBits(meta.depth),
    space: meta.space ?? 'srgb',
    pages: meta.pages ?? 1,
  };
}

function checkBytes(bytes: Uint8Array, limits: DecodeLimits): void {
  if (bytes.length === 0) fail('ABG_ERR_EMPTY_FILE');
  if (bytes.length > limits.maxBytes) {
    fail('ABG_ERR_IMAGE_TOO_LARGE', `${bytes.length} bytes > ${limits.maxBytes}.`, { bytes: bytes.length, maxBytes: limits.maxBytes });
  }
}

function checkDimensions(width: number, height: number, limits: DecodeLimits): void {
  if (width > limits.maxDimension || height > limits.maxDimension || width * height > limits.maxPixels) {
    fail('ABG_ERR_IMAGE_TOO_LARGE', `${width}×${height} pixels exceed the limit.`, { width, height, maxPixels: limits.maxPixels });
  }
}

// The fast path: a small 8-bit greyscale or YCbCr JPEG without a colour profile, Adobe transform
// or (when orienting) a rotation tag, whose header is checked against the limits first. Null
// means "not for this path" and sharp decodes.
async function decodeSmallJpeg(bytes: Uint8Array, h: JpegHeader, autoOrient: boolean): Promise<DecodedPixels | null> {
  const plain = h.precision === 8 && (h.components === 1 || h.components === 3) && !h.adobe && !h.hasIccProfile;
  if (!plain || h.width * h.height > WASM_JPEG_MAX_PIXELS || (autoOrient && h.orientation !== 1)) return null;
  const r = await decodeJpegWasm(bytes);
  if (!r || r.width !== h.width || r.height !== h.height) return null;
  return { data: r.rgba, channels: 4, width: r.width, height: r.height, format: 'jpeg', orientation: h.orientation };
}

/**
 * For a thread that decodes one image after another, one per core (worker pools): libvips runs
 * each decode on this thread alone and keeps no operation cache (no two inputs repeat). Both
 * settings are libvips's, so they hold for the whole process.
 */
export function decodeOneAtATime(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

/** Decodes the first frame of an image to 8-bit RGB after checking limits on the header. */
export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedImage> {
  const { channels, data, ...rest } = await decodeImagePixels(bytes, options);
  return { ...rest, data: channels === 3 ? data : toRgb(data, channels, rest.width * rest.height) };
}

/**
 * Like decodeImage, but a decoder that produced RGBA (the WebAssembly JPEG path) hands its pixels
 * over as they are, with channels 4 and a fourth byte to ignore: consumers that read interleaved
 * pixels with a stride (PDQ) skip one copy of the whole image.
 */
export async function decodeImagePixels(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedPixels> {
  const autoOrient = options.autoOrient ?? true;
  const sniff = sniffImageFormat(bytes);
  // A JPEG's header comes from its markers, checked against the limits before any decoding; libvips
  // is not asked to parse it a second time. Null when the markers cannot be walked: probeImage decides.
  const jpeg = sniff.kind === 'supported' && sniff.format === 'jpeg' ? checkedJpegHeader(bytes, options) : null;
  if (jpeg && (options.decoder ?? 'auto') === 'auto') {
    const fast = await decodeSmallJpeg(bytes, jpeg, autoOrient);
    if (fast) return fast;
  }
  const header = jpeg ? imageHeaderOf(jpeg) : await probeImage(bytes, options);
  try {
    let pipeline = sharp(bytes, { limitInputPixels: header.width * header.height, pages: 1, failOn: 'error' });
    if (autoOrient) pipeline = pipeline.rotate();
    const shrink = header.format === 'jpeg' && options.reducedMinSide ? dctShrink(header.width, header.height, options.reducedMinSide) : 1;
    if (shrink > 1) {
      // sharp shrinks on load by `shrink` only when asked for a reduction of at least shrink + 1
      // (a reduction whose integer part equals the scale steps down one scale, against libjpeg's
      // rounding): so ask for 1/(shrink + 1). libjpeg then decodes at 1/shrink and a linear filter
      // does the small rest; asking for 1/shrink itself would decode at twice the size and
      // Lanczos-filter it down. Sizes are oriented as the pipeline's output.
      const [w, h] = [Math.ceil(header.width / (shrink + 1)), Math.ceil(header.height / (shrink + 1))];
      const swap = autoOrient && header.orientation >= 5;
      pipeline = pipeline.resize({ width: swap ? h : w, height: swap ? w : h, fit: 'fill', fastShrinkOnLoad: true, kernel: 'linear' });
    }
    pipeline = options.alpha === 'ignore' ? pipeline.removeAlpha() : pipeline.flatten({ background: { r: 255, g: 255, b: 255 } });
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const rgb = info.channels === 3 ? data : toRgb(data, info.channels, info.width * info.height);
    return {
      data: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength),
      channels: 3,
      width: info.width,
      height: info.height,
      format: header.format,
      orientation: header.orientation,
    };
  } catch (e) {
    fail('ABG_ERR_CORRUPT_IMAGE', describe(e));
  }
}

/**
 * The largest of the DCT scalings 8, 4, 2 whose output, brought down to 1/(scale + 1), keeps the
 * shorter side at or above `minSide`; 1 for none (decodeImagePixels `reducedMinSide`).
 */
export function dctShrink(width: number, height: number, minSide: number): number {
  for (const s of [8, 4, 2]) if (Math.min(width, height) / (s + 1) >= minSide) return s;
  return 1;
}

function checkedJpegHeader(bytes: Uint8Array, options: DecodeOptions): JpegHeader | null {
  const limits = { ...defaultDecodeLimits, ...options.limits };
  checkBytes(bytes, limits);
  const h = readJpegHeader(bytes);
  if (!h || h.width < 1 || h.height < 1) return null;
  checkDimensions(h.width, h.height, limits);
  return h;
}

function imageHeaderOf(h: JpegHeader): ImageHeader {
  const space = h.components === 4 ? 'cmyk' : h.components === 1 ? 'b-w' : 'srgb';
  return { format: 'jpeg', width: h.width, height: h.height, orientation: h.orientation, channels: h.components, bitsPerSample: h.precision, space, pages: 1 };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// Interleaved 1–4 channel pixels to RGB (grey is repeated, a fourth byte dropped). RGBA goes four
// pixels (four 32-bit words) to three words at a time: about four times faster than byte by
// byte, which matters next to a 1 ms decode; the rest, and any tail, byte by byte.
function toRgb(src: Uint8Array, channels: number, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  let i = 0;
  if (channels === 4 && littleEndian && src.byteOffset % 4 === 0) {
    const words = Math.floor(pixels / 4);
    const s32 = new Uint32Array(src.buffer, src.byteOffset, words * 4);
    const o32 = new Uint32Array(out.buffer, 0, words * 3);
    for (let k = 0, s = 0, o = 0; k < words; k++, s += 4, o += 3) {
      const p0 = s32[s]!, p1 = s32[s + 1]!, p2 = s32[s + 2]!, p3 = s32[s + 3]!;
      o32[o] = (p0 & 0xffffff) | (p1 << 24);
      o32[o + 1] = ((p1 >>> 8) & 0xffff) | (p2 << 16);
      o32[o + 2] = ((p2 >>> 16) & 0xff) | (p3 << 8);
    }
    i = words * 4;
  }
  const grey = channels < 3;
  for (let s = i * channels, o = i * 3; i < pixels; i++, s += channels, o += 3) {
    out[o] = src[s]!;
    out[o + 1] = grey ? src[s]! : src[s + 1]!;
    out[o + 2] = grey ? src[s]! : src[s + 2]!;
  }
  return out;
}

function depthBits(depth: string | undefined): number {
  switch (depth) {
    case 'ushort': case 'short': return 16;
    case 'uint': case 'int': case 'float': return 32;
    case 'double': return 64;
    default: return 8;
  }
}

function describe(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]!.slice(0, 200);
}
