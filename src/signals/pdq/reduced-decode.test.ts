// Photos hashed for triage and media galleries decode reduced (DCT scaling of large JPEGs); the
// hash stays within 8 bits of the full decode, and only the pool that asks for it reduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { decodeImagePixels } from '../../media/decode.ts';
import { PDQ_DECODE_MIN_SIDE, pdqFromImageBytes } from './index.ts';
import { hammingHex } from './pdq-hash.ts';
import { PdqPool } from './pdq-pool.ts';

const dir = new URL('../../../../shared/data/pdq/images/', import.meta.url);
const skip = existsSync(dir) ? false : 'shared data not found: ../shared/data/pdq/images';

test('a large JPEG decodes reduced to 1/3, 1/5 or 1/9 (DCT scaling by 2, 4 or 8, then a linear filter), oriented; small JPEGs and other formats decode in full', { skip }, async () => {
  const bridge = readFileSync(new URL('bridge-mods/aaa-orig.jpg', dir));
  const third = await decodeImagePixels(bridge, { reducedMinSide: PDQ_DECODE_MIN_SIDE });
  assert.deepEqual([third.width, third.height], [534, 335]);
  assert.deepEqual([(await decodeImagePixels(bridge, { reducedMinSide: 100 })).width], [178]);
  // EXIF orientation 6 on a 4032×3024 photo: 1/9, then turned upright.
  const turned = await decodeImagePixels(readFileSync(new URL('reg-test-input/exif-rotn/exif-rotn-6.jpg', dir)), { reducedMinSide: PDQ_DECODE_MIN_SIDE });
  assert.deepEqual([turned.width, turned.height], [336, 448]);
  const small = readFileSync(new URL('bridge-mods/square-128x128.jpg', dir));
  assert.equal((await decodeImagePixels(small, { reducedMinSide: PDQ_DECODE_MIN_SIDE })).width, 128);
  const png = await sharp(bridge).png().toBuffer();
  assert.equal((await decodeImagePixels(png, { reducedMinSide: PDQ_DECODE_MIN_SIDE })).width, 1600);
});

test('the reduced pool hashes within 8 bits of the full decode; a pool without the option gives the reference hash', { skip }, async () => {
  const reduced = new PdqPool(2, {}, PDQ_DECODE_MIN_SIDE);
  const full = new PdqPool(1);
  try {
    const names = ['bridge-mods/aaa-orig.jpg', 'bridge-mods/sharpen-a-lot.jpg', 'reg-test-input/exif-rotn/exif-rotn-6.jpg', 'pte-resources/letterboxed_sample-b.jpg'];
    let differs = 0;
    for (const n of names) {
      const bytes = readFileSync(new URL(n, dir));
      const reference = await pdqFromImageBytes(bytes);
      const r = await reduced.hashDihedral(bytes);
      assert.ok(hammingHex(r.hash, reference.hash) <= 8, `${n}: ${hammingHex(r.hash, reference.hash)} bits`);
      if (r.hash !== reference.hash) differs += 1;
      assert.equal((await full.hash(bytes)).hash, reference.hash, n);
    }
    assert.ok(differs > 0, 'the reduced decode is in use');
  } finally {
    await reduced.close();
    await full.close();
  }
});
