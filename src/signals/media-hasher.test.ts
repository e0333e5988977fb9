import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { LocalMediaHasher } from './media-hasher.ts';

const bridge = fileURLToPath(new URL('../../../shared/data/pdq/images/reg-test-input/dih/', import.meta.url));
const skip = existsSync(bridge) ? false : 'shared data not found: ../shared/data/pdq/images';

test('photos get PDQ and its 8 dihedral variants (original first); empty files are coded, text is digest-only, HEIC is unsupported', { skip }, async () => {
  const h = new LocalMediaHasher({ workers: 1 });
  try {
    const orig = await h.hash({ name: 'o.jpg', bytes: readFileSync(join(bridge, 'bridge-1-original.jpg')) }, { keepGps: false });
    assert.equal(orig.error, null);
    assert.equal(orig.signals.type, 'photo');
    assert.equal(orig.signals.pdqVariants?.length, 8);
    assert.equal(orig.signals.pdqVariants?.[0], orig.signals.pdq?.hash);
    const empty = await h.hash({ name: 'e', bytes: new Uint8Array() }, { keepGps: false });
    assert.equal(empty.error?.code, 'ABG_ERR_EMPTY_FILE');
    const text = await h.hash({ name: 't.txt', bytes: new TextEncoder().encode('hello') }, { keepGps: false });
    assert.deepEqual([text.signals.type, text.error, text.signals.sha256.length], ['file', null, 64]);
    const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0, ...new TextEncoder().encode('mif1heic')]);
    assert.equal((await h.hash({ name: 'x.heic', bytes: heic }, { keepGps: false })).error?.code, 'ABG_ERR_UNSUPPORTED_IMAGE');
  } finally {
    await h.close();
  }
});

const videoFile = fileURLToPath(new URL('../../../shared/data/tmk/videos/chair-19-sd-bar.mp4', import.meta.url));
const noVideo = !existsSync(videoFile) ? 'shared data not found: ../shared/data/tmk/videos'
  : (await import('node:child_process')).spawnSync('ffmpeg', ['-version']).error ? 'ffmpeg not installed' : false;

test('video frames for face detection: at most the cap, spread over the video, as decodable images; none from a non-video', { skip: noVideo }, async () => {
  const sharp = (await import('sharp')).default;
  const hasher = new LocalMediaHasher({ workers: 1 });
  try {
    const bytes = readFileSync(videoFile);
    const frames = await hasher.videoFrames({ name: 'v.mp4', bytes }, { maxFrames: 4 });
    assert.ok(frames.length >= 2 && frames.length <= 4, `${frames.length} frames`);
    assert.ok(frames.every((f, i) => i === 0 || f.timestampSeconds > frames[i - 1]!.timestampSeconds));
    const meta = await sharp(frames[0]!.image).metadata();
    assert.ok(meta.width! > 0 && meta.height! > 0 && meta.format === 'png');
    assert.equal((await hasher.videoFrames({ name: 'v.mp4', bytes }, { maxFrames: 1 })).length, 1);
    assert.deepEqual(await hasher.videoFrames({ name: 'x.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) }, { maxFrames: 4 }), []);
  } finally {
    await hasher.close();
  }
});
