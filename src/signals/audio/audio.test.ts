// The audio signal on generated recordings (espeak-ng, sox, ffmpeg in a temporary folder) and on
// the sample video's sound track; bad input ends in a coded error within a time bound.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAbgError } from '../../domain/errors.ts';
import { CHROMAPRINT_ITEM_SECONDS } from '../../media/audio.ts';
import { bestAlignment } from '../../index/audio-align.ts';
import { excerpt, ffmpeg, makeRecordings, readWav, reencodeMany, writeWav } from '../../testing/audio-material.ts';
import { AUDIO_MATCH_BER, audioFromFile, audioSignal, decodeAudioItems, encodeAudioItems } from './index.ts';

const coded = (code: string) => (e: unknown) => isAbgError(e) && e.code === code;
const sampleVideo = fileURLToPath(new URL('../../../../shared/data/video/test01.mp4', import.meta.url));

describe('audio fingerprints of generated recordings', () => {
  let dir = '';
  let recs: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'abg-audio-test-'));
    recs = await makeRecordings(dir, 5, 2, 25);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an MP3 copy and a video sound track match their recording; another recording does not', async () => {
    const [a, b] = await Promise.all(recs.map((r) => audioFromFile(r)));
    const [mp3] = await reencodeMany([recs[0]!], 'mp3-64', dir);
    const [video] = await reencodeMany([recs[0]!], 'video', dir);
    assert.ok(Math.abs(a!.durationSeconds - 25) < 0.1);
    for (const copy of [mp3!, video!]) {
      const c = audioSignal.compare(await audioFromFile(copy), a!);
      assert.ok(c.match && c.distance < 0.1, `${copy}: ${c.distance}`);
    }
    const other = audioSignal.compare(a!, b!);
    assert.ok(!other.match && other.distance > AUDIO_MATCH_BER, `unrelated: ${other.distance}`);
  });

  test('a 10 s excerpt is found at its offset in seconds', async () => {
    const whole = await audioFromFile(recs[1]!);
    const part = await audioFromFile(await writeWav(join(dir, 'part.wav'), excerpt(await readWav(recs[1]!), 8, 10)));
    const a = bestAlignment(part.items, whole.items, audioSignal.minItems)!;
    assert.ok(a.ber <= AUDIO_MATCH_BER, `ber ${a.ber}`);
    assert.ok(Math.abs(a.offsetItems * CHROMAPRINT_ITEM_SECONDS - 8) < 0.3, `offset ${a.offsetItems * CHROMAPRINT_ITEM_SECONDS}`);
  });

  test('the stored encoding round-trips and validate accepts it', async () => {
    const fp = await audioFromFile(recs[0]!);
    const text = encodeAudioItems(fp.items);
    assert.deepEqual(decodeAudioItems(text), fp.items);
    assert.deepEqual(audioSignal.validate({ durationSeconds: fp.durationSeconds, fingerprint: text }), fp);
    assert.throws(() => decodeAudioItems('AAAA='), coded('ABG_ERR_MALFORMED_HASH'));
    assert.throws(() => audioSignal.validate({ durationSeconds: -1, fingerprint: text }), coded('ABG_ERR_MALFORMED_HASH'));
  });

  test('the sample video: its sound track re-encoded as MP3 matches the video', { skip: !existsSync(sampleVideo) && 'sample video not found: ../shared/data/video/test01.mp4' }, async () => {
    const fromVideo = await audioFromFile(sampleVideo);
    const mp3 = join(dir, 'track.mp3');
    await ffmpeg('-i', sampleVideo, '-vn', '-c:a', 'libmp3lame', '-b:a', '64k', mp3);
    const c = audioSignal.compare(await audioFromFile(mp3), fromVideo);
    assert.ok(c.match, `ber ${c.distance}`);
  });
});

describe('bad input: coded errors or "no fingerprint", bounded in time', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'abg-audio-bad-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sox = (name: string, ...args: string[]) => { const p = join(dir, name); execFileSync('sox', ['-n', '-r', '22050', '-c', '1', p, ...args]); return p; };

  test('silence, a steady tone and a 1 s clip have no fingerprint', async () => {
    for (const p of [sox('silence.wav', 'trim', '0', '30'), sox('tone.wav', 'synth', '30', 'sine', '440'), sox('short.wav', 'synth', '1', 'pinknoise')]) {
      await assert.rejects(audioFromFile(p), coded('ABG_ERR_NO_AUDIO_FINGERPRINT'), p);
    }
  });

  test('white and pink noise have no fingerprint; brown noise matches neither other brown noise nor speech', async () => {
    for (const colour of ['whitenoise', 'pinknoise']) await assert.rejects(audioFromFile(sox(`${colour}.wav`, 'synth', '20', colour)), coded('ABG_ERR_NO_AUDIO_FINGERPRINT'), colour);
    const [brown, brown2] = await Promise.all([audioFromFile(sox('brown.wav', 'synth', '20', 'brownnoise')), audioFromFile(sox('brown2.wav', 'synth', '25', 'brownnoise'))]);
    const [speech] = await makeRecordings(dir, 9, 1, 20);
    const s = await audioFromFile(speech!);
    for (const [x, y] of [[brown, brown2], [brown, s], [brown2, s]] as const) assert.equal(audioSignal.compare(x!, y!).match, false);
  });

  test('an MP3 whose header declares 10 hours is refused before decoding', async () => {
    const short = join(dir, 'short.mp3');
    await ffmpeg('-f', 'lavfi', '-i', 'sine=f=300:d=3', '-ar', '44100', '-c:a', 'libmp3lame', '-b:a', '32k', short);
    const b = readFileSync(short);
    const tag = Math.max(b.indexOf('Info'), b.indexOf('Xing'));
    assert.ok(tag > 0, 'LAME wrote an Info/Xing frame');
    b.writeUInt32BE(Math.round((10 * 3600 * 44100) / 1152), tag + 8); // the frame count
    const p = join(dir, 'ten-hours.mp3');
    writeFileSync(p, b);
    const t = Date.now();
    await assert.rejects(audioFromFile(p), (e: unknown) => coded('ABG_ERR_AUDIO_TOO_LONG')(e) && /36000 s/.test((e as Error).message));
    assert.ok(Date.now() - t < 20_000);
  });

  test('no audio stream, a corrupt container and a truncated file are coded errors', async () => {
    const silentVideo = join(dir, 'silent.mp4');
    await ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', silentVideo);
    await assert.rejects(audioFromFile(silentVideo), coded('ABG_ERR_NO_AUDIO_STREAM'));
    const garbage = join(dir, 'garbage.mp3');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 251)));
    await assert.rejects(audioFromFile(garbage), coded('ABG_ERR_CORRUPT_AUDIO'));
    await assert.rejects(audioSignal.compute({ bytes: new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 9]), contentType: 'file' }), (e: unknown) => coded('ABG_ERR_CORRUPT_AUDIO')(e) || coded('ABG_ERR_NO_AUDIO_STREAM')(e));
  });

  test('a decoder that never gets its input is stopped at the time limit', async () => {
    const fifo = join(dir, 'hang.wav');
    execFileSync('mkfifo', [fifo]);
    // Someone holds the write end open and never writes: the reader blocks forever.
    const holder = openSync(fifo, 'r+');
    try {
      const t = Date.now();
      await assert.rejects(audioFromFile(fifo, { timeoutMs: 1500 }), coded('ABG_ERR_AUDIO_TOO_LONG'));
      assert.ok(Date.now() - t < 15_000);
    } finally {
      closeSync(holder);
    }
  });
});
