import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { decodeImage, decodeImagePixels, probeImage } from './decode.ts';
import { AbgError, type ErrorCode } from '../domain/errors.ts';
import { makePng } from '../testing/make-png.ts';

const shared = new URL('../../../shared/data/', import.meta.url);
const sharedAbsent = existsSync(shared) ? false : 'shared data not found: ../shared/data is absent';
const read = (rel: string) => new Uint8Array(readFileSync(new URL(rel, shared)));

async function rejectsWith(p: Promise<unknown>, code: ErrorCode) {
  await assert.rejects(p, (e: unknown) => e instanceof AbgError && e.code === code);
}

/** A tiny file whose header claims a huge image: the shape of a decompression bomb. */
function pngClaiming(width: number, height: number): Uint8Array {
  return new Uint8Array(makePng(width, height, Buffer.alloc(0), 2));
}

test('decodes a generated PNG to RGB with the right size', async () => {
  const png = await sharp({ create: { width: 7, height: 5, channels: 3, background: { r: 10, g: 20, b: 30 } } }).png().toBuffer();
  const img = await decodeImage(png);
  assert.equal(img.width, 7);
  assert.equal(img.height, 5);
  assert.equal(img.format, 'png');
  assert.equal(img.data.length, 7 * 5 * 3);
  assert.deepEqual([...img.data.subarray(0, 3)], [10, 20, 30]);
});

test('1×1, 16-bit and grayscale-with-alpha images decode to 8-bit RGB', async () => {
  const one = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ff0000' } }).png().toBuffer();
  assert.deepEqual([...(await decodeImage(one)).data], [255, 0, 0]);
  const sixteen = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#808080' } }).toColourspace('rgb16').png().toBuffer();
  assert.equal((await probeImage(sixteen)).bitsPerSample, 16);
  const d16 = await decodeImage(sixteen);
  assert.equal(d16.data.length, 4 * 4 * 3);
  assert.ok(Math.abs(d16.data[0]! - 128) <= 1);
  const ga = await sharp({ create: { width: 3, height: 3, channels: 4, background: { r: 50, g: 50, b: 50, alpha: 1 } } }).toColourspace('b-w').png().toBuffer();
  const dga = await decodeImage(ga);
  assert.equal(dga.data.length, 27);
});

test('zero-byte, non-image, truncated and unsupported inputs get coded errors', async () => {
  await rejectsWith(decodeImage(new Uint8Array(0)), 'ABG_ERR_EMPTY_FILE');
  await rejectsWith(decodeImage(new TextEncoder().encode('hello, I am not an image at all')), 'ABG_ERR_UNSUPPORTED_IMAGE');
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).jpeg().toBuffer();
  await rejectsWith(decodeImage(new Uint8Array(jpeg.subarray(0, jpeg.length / 2))), 'ABG_ERR_CORRUPT_IMAGE');
  const bmpish = new Uint8Array([0x42, 0x4d, 0, 0, 0, 0, 0, 0]);
  await rejectsWith(decodeImage(bmpish), 'ABG_ERR_UNSUPPORTED_IMAGE');
});

test('a header claiming 100000×100000 pixels is refused before decoding', async () => {
  const bomb = pngClaiming(100_000, 100_000);
  assert.ok(bomb.length < 100);
  await rejectsWith(decodeImage(bomb), 'ABG_ERR_IMAGE_TOO_LARGE');
  await rejectsWith(decodeImage(pngClaiming(5000, 5000), { limits: { maxPixels: 1_000_000 } }), 'ABG_ERR_IMAGE_TOO_LARGE');
});

test('by default a 7000×7000 header (49 megapixels) is over the pixel limit, refused from the header alone', async () => {
  await rejectsWith(probeImage(pngClaiming(7000, 7000)), 'ABG_ERR_IMAGE_TOO_LARGE');
  await rejectsWith(decodeImage(pngClaiming(7000, 7000)), 'ABG_ERR_IMAGE_TOO_LARGE');
  assert.equal((await probeImage(pngClaiming(7000, 7000), { limits: { maxPixels: 50_000_000 } })).width, 7000);
});

test('byte limit is enforced', async () => {
  const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } }).png().toBuffer();
  await rejectsWith(decodeImage(png, { limits: { maxBytes: 10 } }), 'ABG_ERR_IMAGE_TOO_LARGE');
});

test('EXIF orientations 1–8 are applied: every oriented photo decodes upright', { skip: sharedAbsent }, async () => {
  const upright = await decodeImage(read('exif/orientation/landscape_1.jpg'));
  for (let o = 1; o <= 8; o++) {
    const img = await decodeImage(read(`exif/orientation/landscape_${o}.jpg`));
    assert.equal(img.orientation, o);
    assert.equal(img.width, upright.width, `orientation ${o}`);
    assert.equal(img.height, upright.height, `orientation ${o}`);
    // The upright pictures agree pixel for pixel up to JPEG noise.
    let diff = 0;
    for (let i = 0; i < img.data.length; i += 97) diff += Math.abs(img.data[i]! - upright.data[i]!);
    assert.ok(diff / (img.data.length / 97) < 20, `orientation ${o} mean diff ${diff / (img.data.length / 97)}`);
  }
  const raw = await decodeImage(read('exif/orientation/landscape_6.jpg'), { autoOrient: false });
  assert.equal(raw.width, upright.height);
});

test('colour models of the PDQ misc images all decode to RGB', { skip: sharedAbsent }, async () => {
  for (const f of ['1.png', 'CMYK.jpg', 'F.webp', 'L.png', 'LA.png', 'P.png', 'PA.webp', 'RGBA.png', 'YCbCr.jpg', 'RGB.jpg']) {
    const img = await decodeImage(read(`pdq/images/misc-images/modes/${f}`));
    assert.equal(img.width, 1600, f);
    assert.equal(img.data.length, 1600 * 1004 * 3, f);
  }
});

test('HEIC is refused with a coded error, corrupted JPEG likewise or decoded', { skip: sharedAbsent }, async () => {
  await rejectsWith(decodeImage(read('exif/heic/IMG_5195.HEIC')), 'ABG_ERR_UNSUPPORTED_IMAGE');
  try {
    const img = await decodeImage(read('exif/corrupted.jpg'));
    assert.ok(img.width > 0);
  } catch (e) {
    assert.ok(e instanceof AbgError && e.code === 'ABG_ERR_CORRUPT_IMAGE');
  }
});

// Small JPEGs take the WebAssembly decoder; it must give sharp's pixels exactly, or the same
// photo would hash differently depending on its size.
async function assertSamePixels(bytes: Uint8Array, label: string): Promise<void> {
  const fast = await decodeImage(bytes);
  const reference = await decodeImage(bytes, { decoder: 'sharp' });
  assert.equal(fast.width, reference.width, label);
  assert.equal(fast.height, reference.height, label);
  assert.equal(fast.orientation, reference.orientation, label);
  assert.ok(Buffer.from(fast.data).equals(Buffer.from(reference.data)), `${label}: pixels differ`);
}

test('small JPEGs decode to the same pixels as through sharp, in every common encoding', async () => {
  const photo = sharp({ create: { width: 123, height: 77, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } });
  const variants: Record<string, Buffer> = {
    'baseline 4:2:0': await photo.clone().jpeg({ quality: 80 }).toBuffer(),
    'baseline 4:4:4': await photo.clone().jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer(),
    progressive: await photo.clone().jpeg({ progressive: true }).toBuffer(),
    greyscale: await photo.clone().toColourspace('b-w').jpeg().toBuffer(),
    'mozjpeg trellis': await photo.clone().jpeg({ mozjpeg: true }).toBuffer(),
    'odd size 1×1': await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ff0000' } }).jpeg().toBuffer(),
    // These three are sent to sharp by the header check; the answer must not change either.
    'EXIF orientation 6': await photo.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    'ICC profile': await photo.clone().jpeg().withIccProfile('p3').toBuffer(),
    CMYK: await photo.clone().toColourspace('cmyk').jpeg().toBuffer(),
  };
  for (const [label, bytes] of Object.entries(variants)) await assertSamePixels(bytes, label);
});

test('decodeImagePixels hands over the fast path RGBA without a copy, with the same RGB underneath', async () => {
  const jpeg = await sharp({ create: { width: 123, height: 77, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg().toBuffer();
  const px = await decodeImagePixels(jpeg);
  assert.equal(px.channels, 4);
  assert.equal(px.data.length, 123 * 77 * 4);
  const rgb = (await decodeImage(jpeg, { decoder: 'sharp' })).data;
  for (let i = 0; i < 123 * 77; i++) {
    if (px.data[i * 4] !== rgb[i * 3] || px.data[i * 4 + 1] !== rgb[i * 3 + 1] || px.data[i * 4 + 2] !== rgb[i * 3 + 2]) assert.fail(`pixel ${i} differs`);
  }
  // Everything sharp decodes stays three channels.
  const png = await sharp({ create: { width: 5, height: 3, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).png().toBuffer();
  const p2 = await decodeImagePixels(png, { alpha: 'ignore' });
  assert.equal(p2.channels, 3);
  assert.deepEqual([...p2.data.subarray(0, 3)], [1, 2, 3]);
});

test('LFW photos decode to the same pixels as through sharp', { skip: sharedAbsent }, async () => {
  const people = ['Aaron_Eckhart', 'Colin_Powell', 'George_W_Bush', 'Serena_Williams'];
  for (const p of people) {
    for (const n of ['0001', '0002']) {
      const file = `lfw/${p}/${p}_${n}.jpg`;
      if (existsSync(new URL(file, shared))) await assertSamePixels(read(file), file);
    }
  }
});

test('a damaged small JPEG is still refused, and limits still apply on the fast path', async () => {
  const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#123456' } }).jpeg().toBuffer();
  await rejectsWith(decodeImage(new Uint8Array(jpeg.subarray(0, jpeg.length - 40))), 'ABG_ERR_CORRUPT_IMAGE');
  await rejectsWith(decodeImage(jpeg, { limits: { maxPixels: 1000 } }), 'ABG_ERR_IMAGE_TOO_LARGE');
  await rejectsWith(decodeImage(jpeg, { limits: { maxDimension: 70 } }), 'ABG_ERR_IMAGE_TOO_LARGE');
  // The decoder keeps working after a failure.
  assert.equal((await decodeImage(jpeg)).width, 80);
});
