import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { registerHashCommand, type HashLine } from './hash.ts';
import { makeRecordings } from '../../testing/audio-material.ts';
import { audioFromFile, encodeAudioItems } from '../../signals/audio/index.ts';

const data = new URL('../../../../shared/data/', import.meta.url).pathname;
const skip = existsSync(join(data, 'pdq/images')) && existsSync(join(data, 'tmk/videos')) ? false : 'shared data not found: ../shared/data/pdq or tmk';
const noFfmpeg = spawnSync('ffmpeg', ['-version']).error !== undefined;

async function runCli(args: string[]): Promise<HashLine[]> {
  const program = new Command().exitOverride();
  registerHashCommand(program);
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => { out.push(chunk); return true; }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'abgleich', 'hash', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('').trim().split('\n').map((l) => JSON.parse(l) as HashLine);
}

test('abgleich hash: one line per file with digests, pdq, vpdq frame count, or a coded error, and goes on', { skip: skip || (noFfmpeg ? 'ffmpeg is not installed' : false) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'abg-hash-test-'));
  const exitCode = process.exitCode;
  try {
    await mkdir(join(dir, 'sub'));
    await copyFile(join(data, 'pdq/images/reg-test-input/dih/bridge-1-original.jpg'), join(dir, 'a-bridge.jpg'));
    await writeFile(join(dir, 'b-broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
    await writeFile(join(dir, 'c-notes.txt'), 'hello\n');
    await copyFile(join(data, 'tmk/videos/test-padded-dimensions.mp4'), join(dir, 'sub/d-clip.mp4'));
    const lines = await runCli([dir, join(dir, 'missing.png')]);
    assert.deepEqual(lines.map((l) => l.file), [join(dir, 'a-bridge.jpg'), join(dir, 'b-broken.jpg'), join(dir, 'c-notes.txt'), join(dir, 'sub/d-clip.mp4'), join(dir, 'missing.png')]);
    const [photo, broken, text, clip, missing] = lines as [HashLine, HashLine, HashLine, HashLine, HashLine];
    const bytes = readFileSync(join(dir, 'a-bridge.jpg'));
    assert.equal(photo.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(photo.md5, createHash('md5').update(bytes).digest('hex'));
    assert.equal(photo.sha1, createHash('sha1').update(bytes).digest('hex'));
    // The C++ reference hash of this file.
    assert.deepEqual(photo.pdq, { hash: 'd8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22', quality: 100 });
    assert.equal(broken.error?.code, 'ABG_ERR_CORRUPT_IMAGE');
    assert.ok(broken.sha256, 'digests are still reported for a file that does not decode');
    assert.equal(text.type, 'file');
    assert.equal(text.pdq, undefined);
    assert.equal(text.error, undefined);
    assert.deepEqual(clip.vpdq, { frames: 150 });
    assert.equal(missing.error?.code, 'ABG_ERR_NOT_FOUND');
    assert.equal(process.exitCode, 1, 'a non-zero exit code when any file failed');
  } finally {
    process.exitCode = exitCode;
    await rm(dir, { recursive: true, force: true });
  }
});

test('abgleich hash: a recording has its audio fingerprint; silence has a coded error for the audio signal', { skip: noFfmpeg ? 'ffmpeg is not installed' : false }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'abg-hash-audio-'));
  const exitCode = process.exitCode;
  try {
    const [voice] = await makeRecordings(dir, 5, 1, 12);
    const silent = join(dir, 'silent.wav');
    spawnSync('sox', ['-n', '-r', '22050', '-c', '1', silent, 'trim', '0', '10']);
    const [a, s] = (await runCli([voice!, silent])) as [HashLine, HashLine];
    const expected = await audioFromFile(voice!);
    assert.deepEqual(a.audio, { durationSeconds: expected.durationSeconds, fingerprint: encodeAudioItems(expected.items) });
    assert.equal(a.error, undefined);
    assert.deepEqual([s.audio, s.error?.code, s.error?.signal], [undefined, 'ABG_ERR_NO_AUDIO_FINGERPRINT', 'audio']);
    assert.ok(s.sha256, 'digests are still reported');
  } finally {
    process.exitCode = exitCode;
    await rm(dir, { recursive: true, force: true });
  }
});
