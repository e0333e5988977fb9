import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readJpegHeader } from './jpeg-header.ts';

const base = () => sharp({ create: { width: 37, height: 23, channels: 3, background: '#336699' } });

test('the frame header gives size, precision, components and the scan mode', async () => {
  const h = readJpegHeader(await base().jpeg().toBuffer());
  assert.deepEqual(h && { w: h.width, h: h.height, p: h.precision, c: h.components, o: h.orientation, prog: h.progressive }, { w: 37, h: 23, p: 8, c: 3, o: 1, prog: false });
  const grey = readJpegHeader(await base().toColourspace('b-w').jpeg({ progressive: true }).toBuffer());
  assert.equal(grey?.components, 1);
  assert.equal(grey?.progressive, true);
});

test('EXIF orientation and an ICC profile are seen before the frame', async () => {
  const rotated = readJpegHeader(await base().jpeg().withMetadata({ orientation: 6 }).toBuffer());
  assert.equal(rotated?.orientation, 6);
  const icc = readJpegHeader(await base().jpeg().withIccProfile('p3').toBuffer());
  assert.equal(icc?.hasIccProfile, true);
});

test('anything that is not a walkable JPEG gives null', async () => {
  const jpeg = await base().jpeg().toBuffer();
  assert.equal(readJpegHeader(new Uint8Array(0)), null);
  assert.equal(readJpegHeader(new TextEncoder().encode('not a jpeg')), null);
  assert.equal(readJpegHeader(jpeg.subarray(0, 40)), null); // cut before the frame header
  const broken = Buffer.from(jpeg);
  broken[2] = 0x00; // the first marker loses its 0xFF
  assert.equal(readJpegHeader(broken), null);
});
