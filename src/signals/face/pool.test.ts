import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { isAbgError, type ErrorCode } from '../../domain/errors.ts';
import { FaceWorkerPool } from './pool.ts';
import { lfwAbsent, lfwImage, sharedData } from '../../testing/face-test-data.ts';

// A handled outcome: a result, or one of these coded errors. Anything else (a crash, a hang,
// ABG_ERR_INTERNAL) fails the test.
const handled: ErrorCode[] = ['ABG_ERR_NO_FACE', 'ABG_ERR_EMPTY_FILE', 'ABG_ERR_CORRUPT_IMAGE', 'ABG_ERR_UNSUPPORTED_IMAGE', 'ABG_ERR_IMAGE_TOO_LARGE'];

let pool: FaceWorkerPool;
before(async () => {
  pool = new FaceWorkerPool({ size: 2, taskTimeoutMs: 120_000 });
  await pool.ready();
});
after(async () => { await pool.close(); });

async function outcome(bytes: Uint8Array): Promise<string> {
  try {
    const r = await pool.analyse(bytes);
    return `faces:${r.faces.length}`;
  } catch (e) {
    assert.ok(isAbgError(e), `not a coded error: ${String(e)}`);
    assert.ok(handled.includes(e.code), `unexpected ${e.code}: ${e.message}`);
    return e.code;
  }
}

/** A PNG whose valid header claims `w`×`h` pixels, followed by a tiny pixel chunk (a decompression bomb's shape). */
function pngHeader(w: number, h: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

test('bad input gets its coded error, never a crash', async () => {
  assert.equal(await outcome(new Uint8Array(0)), 'ABG_ERR_EMPTY_FILE');
  assert.equal(await outcome(new TextEncoder().encode('this is not an image, just text\n'.repeat(20))), 'ABG_ERR_UNSUPPORTED_IMAGE');
  assert.equal(await outcome(pngHeader(60_000, 60_000)), 'ABG_ERR_IMAGE_TOO_LARGE');
  const onePixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer();
  assert.equal(await outcome(onePixel), 'ABG_ERR_NO_FACE');
});

test('a truncated JPEG of a face is either analysed or ABG_ERR_CORRUPT_IMAGE', { skip: lfwAbsent }, async () => {
  const full = readFileSync(lfwImage('Aaron_Peirsol', 1));
  const r = await outcome(full.subarray(0, Math.floor(full.length / 3)));
  assert.ok(r === 'ABG_ERR_CORRUPT_IMAGE' || r.startsWith('faces:') || r === 'ABG_ERR_NO_FACE', r);
  assert.equal(await outcome(full.subarray(0, 40)), 'ABG_ERR_CORRUPT_IMAGE');
});

const exifDir = `${sharedData}exif/`;
const modesDir = `${sharedData}pdq/images/misc-images/`;
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
  d.isDirectory() ? filesUnder(`${dir}${d.name}/`) : /^(README|dump)/.test(d.name) ? [] : [`${dir}${d.name}`]);

test('every EXIF sample (rotated, GPS, invalid, corrupt, HEIC) is handled', { skip: existsSync(exifDir) ? false : 'shared data not found: ../shared/data/exif/' }, async () => {
  const results = new Map<string, string>();
  await Promise.all(filesUnder(exifDir).map(async (f) => results.set(f.slice(exifDir.length), await outcome(readFileSync(f)))));
  assert.ok(results.size > 20);
  for (const [f, r] of results) if (/\.(heic|heif)$/i.test(f)) assert.equal(r, 'ABG_ERR_UNSUPPORTED_IMAGE', f);
});

test('colour modes and odd sizes (CMYK, 16-bit, grey, palette, alpha, tiny) are handled', { skip: existsSync(modesDir) ? false : 'shared data not found: ../shared/data/pdq/images/misc-images/' }, async () => {
  const files = filesUnder(modesDir);
  assert.ok(files.length > 5);
  for (const f of files) await outcome(readFileSync(f));
});

test('a task over its time limit is ABG_ERR_FACE_TIMEOUT, and the worker is replaced', { skip: lfwAbsent }, async () => {
  const slow = new FaceWorkerPool({ size: 1, taskTimeoutMs: 1 });
  try {
    await slow.ready();
    const face = readFileSync(lfwImage('Aaron_Peirsol', 1));
    await assert.rejects(slow.analyse(face), (e) => isAbgError(e) && e.code === 'ABG_ERR_FACE_TIMEOUT');
    assert.equal(slow.replacements, 1);
  } finally {
    await slow.close();
  }
});

test('the pool analyses faces concurrently and returns them with the model id', { skip: lfwAbsent }, async () => {
  const files = ['Aaron_Peirsol', 'Abel_Pacheco', 'Akhmed_Zakayev'].map((n) => readFileSync(lfwImage(n, 1)));
  const results = await Promise.all(files.map((b) => pool.analyse(b)));
  for (const r of results) {
    assert.equal(r.faces.length, 1);
    assert.equal(r.faces[0]!.model, pool.model);
    assert.equal(r.faces[0]!.embedding.length, 128);
  }
});
