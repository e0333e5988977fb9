import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { releaseMarking, jpegComments, pngTexts, RELEASE_KEYWORD } from './release-marking.ts';
import { wrapText } from './bitmap-font.ts';
import type { ReleaseMark } from '../services/ports/release-marking.ts';

const mark: ReleaseMark = {
  releaseId: '3f2a6c1e-0000-4000-8000-00000000abcd', ownerAgency: { id: 'a-1', name: 'Agency A' }, recipientAgency: { id: 'b-1', name: 'Agency B' },
  caseRef: 'B-2026-17', releasedAt: '2026-01-02T03:04:05.000Z', notice: 'no onward transfer',
};

/** A 200×160 photo-like image: a grey gradient with a dark disc, no text anywhere. */
const photo = (format: 'jpeg' | 'png') => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="160"><defs><linearGradient id="g"><stop offset="0" stop-color="#334"/><stop offset="1" stop-color="#cdb"/></linearGradient></defs><rect width="200" height="160" fill="url(#g)"/><circle cx="100" cy="70" r="40" fill="#422"/></svg>';
  return sharp(Buffer.from(svg))[format]().toBuffer();
};

for (const format of ['jpeg', 'png'] as const) {
  test(`a released ${format} keeps its pixels above a red band with white lettering and names the release in its metadata`, async () => {
    const original = await photo(format);
    const out = await releaseMarking.mark(original, mark);
    assert.equal(out.mediaType, `image/${format}`);
    const { data, info } = await sharp(out.bytes).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 200);
    assert.ok(info.height > 160 + 30, `a band below the image: height ${info.height}`);
    const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    const before = await sharp(original).removeAlpha().raw().toBuffer();
    assert.ok(Math.abs(px(100, 70)[0]! - before[(70 * 200 + 100) * 3]!) < 12, 'the face region is unchanged');
    let red = 0, white = 0;
    for (let y = 162; y < info.height; y++) for (let x = 0; x < info.width; x++) {
      const [r, g, b] = px(x, y) as [number, number, number];
      if (r > 140 && g < 60 && b < 60) red++;
      if (r > 200 && g > 200 && b > 200) white++;
    }
    assert.ok(red > white && white > 300, `band pixels: ${red} red, ${white} lettering`);
    assert.deepEqual(releaseMarking.read(out.bytes), mark);
    const texts = format === 'jpeg' ? jpegComments(out.bytes) : pngTexts(out.bytes, RELEASE_KEYWORD);
    assert.match(texts.join(''), /no onward transfer/);
    assert.equal(releaseMarking.read(original), null, 'an unmarked image carries no marking');
  });
}

test('band lines wrap at spaces and break words longer than a line', () => {
  assert.deepEqual(wrapText('NO ONWARD TRANSFER', 10), ['NO ONWARD', 'TRANSFER']);
  assert.deepEqual(wrapText('RELEASE: 0123456789abcdef', 8), ['RELEASE:', '01234567', '89abcdef']);
});
