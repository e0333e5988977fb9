import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { probeVideo, readFrames } from './video.ts';
import { AbgError, type ErrorCode } from '../domain/errors.ts';

const sample = new URL('../../../shared/data/tmk/videos/doorknob-hd-no-bar.mp4', import.meta.url).pathname;
const noFfmpeg = spawnSync('ffmpeg', ['-version']).error !== undefined;
const skip = !existsSync(sample) ? 'shared data not found: ../shared/data/tmk/videos' : noFfmpeg ? 'ffmpeg is not installed' : false;
const coded = (code: ErrorCode) => (e: unknown) => e instanceof AbgError && e.code === code;

async function drain(path: string, options: Parameters<typeof readFrames>[1] = {}) {
  let n = 0;
  for await (const f of readFrames(path, options)) { assert.equal(f.data.length, f.width * f.height * 3); n++; }
  return n;
}

test('probes container facts and streams every frame as RGB', { skip }, async () => {
  const info = await probeVideo(sample);
  assert.equal(info.codec, 'h264');
  assert.ok(info.width > 0 && info.height > 0 && info.fps > 20);
  assert.equal(await drain(sample, { size: { width: 64, height: 64 } }), info.frameCount ?? 120);
});

test('sampling one frame per second gives one frame per second of video, timestamps in seconds', { skip }, async () => {
  const stamps: number[] = [];
  for await (const f of readFrames(sample, { everySeconds: 1, size: { width: 32, height: 32 } })) stamps.push(f.timestampSeconds);
  assert.deepEqual(stamps, [0, 1, 2, 3]);
});

test('bounded: too many frames and too little time give ABG_ERR_VIDEO_TOO_LARGE', { skip }, async () => {
  await assert.rejects(drain(sample, { maxFrames: 10 }), coded('ABG_ERR_VIDEO_TOO_LARGE'));
  await assert.rejects(drain(sample, { timeoutMs: 1 }), coded('ABG_ERR_VIDEO_TOO_LARGE'));
});

test('garbage and truncated files give coded errors', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'abg-video-test-'));
  try {
    const junk = join(dir, 'junk.mp4');
    await writeFile(junk, Buffer.from('this is not a video at all'.repeat(50)));
    await assert.rejects(drain(junk), (e: unknown) => e instanceof AbgError && ['ABG_ERR_UNSUPPORTED_VIDEO', 'ABG_ERR_CORRUPT_VIDEO'].includes(e.code));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing ffmpeg binary gives ABG_ERR_FFMPEG_MISSING', { skip: existsSync(sample) ? false : 'shared data not found' }, async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent-abgleich-test';
  try {
    await assert.rejects(probeVideo(sample), coded('ABG_ERR_FFMPEG_MISSING'));
  } finally {
    process.env.PATH = path;
  }
});
