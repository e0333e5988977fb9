// JPEG 2000 and lossless JPEG decoding: the size is checked against the limits before decoding,
// and damaged streams end in coded errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import { ansiNist, ansiNistAbsent } from '../testing/exchange-test-data.ts';
import { readJp2Header } from './jp2-header.ts';
import { decodeJpeg2000 } from './jpeg2000.ts';
import { decodeLosslessJpeg, isLosslessJpeg } from './jpeg-lossless.ts';

const image = (f: string) => new Uint8Array(readFileSync(`${ansiNist}type10-images/${f}`));
const coded = (code: ErrorCode) => (e: unknown) => isAbgError(e) && e.code === code;

test('JPEG 2000: SIZ header read, limits before decoding, truncated and garbled streams refused with a code', { skip: ansiNistAbsent }, async () => {
  const jp2 = image('face_jp2.jp2');
  assert.deepEqual(readJp2Header(jp2), { width: 768, height: 1024, components: 3, precision: 8 });
  await assert.rejects(decodeJpeg2000(jp2, { maxDimension: 1000 }), coded('ABG_ERR_IMAGE_TOO_LARGE'));
  const huge = jp2.slice();
  const siz = huge.indexOf(0x51, huge.indexOf(0x4f) ) - 1; // FF51 after FF4F
  huge[siz + 6] = 0x7f; // Xsiz far beyond the limits
  await assert.rejects(decodeJpeg2000(huge), coded('ABG_ERR_IMAGE_TOO_LARGE'));
  await assert.rejects(decodeJpeg2000(jp2.subarray(0, 30)), coded('ABG_ERR_CORRUPT_IMAGE'));
  // Damaged entropy data: OpenJPEG conceals what it can; the answer is pixels of the declared size or a coded error, never a crash.
  for (const broken of [jp2.subarray(0, 5000), Uint8Array.from(jp2, (b, i) => (i > 400 && i % 97 === 0 ? b ^ 0xff : b))]) {
    const r = await decodeJpeg2000(broken).catch((e: unknown) => e);
    assert.ok(isAbgError(r) ? r.code === 'ABG_ERR_CORRUPT_IMAGE' : (r as { data: Uint8Array }).data.length === 768 * 1024 * 3, `${broken.length} bytes: ${String(r)}`);
  }
  const again = await decodeJpeg2000(jp2);
  assert.deepEqual([again.width, again.height, again.channels], [768, 1024, 3], 'the decoder works after failures');
});

test('lossless JPEG: recognised by its SOF3 frame, limits before decoding, truncation refused with a code', { skip: ansiNistAbsent }, () => {
  const jpl = image('face_jpl.jpg');
  assert.equal(isLosslessJpeg(jpl), true);
  assert.equal(isLosslessJpeg(image('face_jpb.jpg')), false);
  assert.throws(() => decodeLosslessJpeg(jpl, { maxPixels: 1000 }), coded('ABG_ERR_IMAGE_TOO_LARGE'));
  assert.throws(() => decodeLosslessJpeg(jpl.subarray(0, 500_000)), coded('ABG_ERR_CORRUPT_IMAGE'));
  assert.throws(() => decodeLosslessJpeg(image('face_jpb.jpg')), coded('ABG_ERR_CORRUPT_IMAGE'));
});
