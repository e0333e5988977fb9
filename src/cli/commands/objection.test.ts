// The objection commands through the real binary: file with evidence, reach over candidate files,
// list, show, export manifest, withdraw; and a recording as evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startServerProcess } from '../../testing/server-process.ts';
import { makeRecordings, reencodeMany } from '../../testing/audio-material.ts';
import { execFileSync } from 'node:child_process';

async function photo(seed: number): Promise<Buffer> {
  let x = (seed * 2654435761) >>> 0;
  const r = () => { x = (x * 1103515245 + 12345) >>> 0; return x / 2 ** 32; };
  const disc = () => `<circle cx="${(r() * 320) | 0}" cy="${(r() * 240) | 0}" r="${(10 + r() * 70) | 0}" fill="rgb(${(r() * 255) | 0},${(r() * 255) | 0},${(r() * 255) | 0})"/>`;
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="rgb(${(r() * 255) | 0},90,60)"/>${Array.from({ length: 14 }, disc).join('')}</svg>`)).jpeg({ quality: 92 }).toBuffer();
}

test('abgleich objection file → reach (exact, perceptual, not caught) → list → export manifest → withdraw', async () => {
  const server = await startServerProcess({ agency: 'Controller', admin: 'dpo' });
  const dir = mkdtempSync(join(tmpdir(), 'abg-objection-cli-'));
  try {
    const cli = (args: string[]) => server.cli(args);
    const ev = await photo(1);
    writeFileSync(join(dir, 'evidence.jpg'), ev);
    mkdirSync(join(dir, 'candidates'));
    writeFileSync(join(dir, 'candidates', 'a-copy.jpg'), ev);
    writeFileSync(join(dir, 'candidates', 'b-reencoded.jpg'), await sharp(ev).resize(160).jpeg({ quality: 40 }).toBuffer());
    writeFileSync(join(dir, 'candidates', 'c-other.jpg'), await photo(2));

    const filed = cli(['objection', 'file', join(dir, 'evidence.jpg'), '--reference', 'DSR-2026-1', '--purpose', 'all', '--hash', 'md5:d41d8cd98f00b204e9800998ecf8427e']);
    assert.equal(filed.status, 0, filed.stderr);
    const f = JSON.parse(filed.stdout);
    assert.equal(f.reach.exact.digests, 3);
    assert.equal(f.reach.perceptual.imagesWithAllRotationsAndFlips, 1);
    assert.equal(f.reach.face.reference, false);

    const reach = cli(['objection', 'reach', f.objection.id, join(dir, 'candidates')]);
    assert.equal(reach.status, 0, reach.stderr);
    const lines = reach.stdout.trim().split('\n').filter((l) => l.startsWith('{"file"')).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.file.split('/').pop(), l.stage]), [['a-copy.jpg', 'exact'], ['b-reencoded.jpg', 'perceptual'], ['c-other.jpg', null]]);

    const bad = cli(['objection', 'file', '--reference', 'x', '--purpose', 'all', '--hash', 'pdq:zz']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /ABG_ERR_MALFORMED_HASH/);

    const list = cli(['objection', 'list', '--json']);
    assert.equal(JSON.parse(list.stdout).length, 1);

    const gallery = cli(['gallery', 'create', 'Photos', '--kind', 'media', '--legal-basis', 'consent', '--purposes', 'research', '--json']);
    assert.equal(gallery.status, 0, gallery.stderr);
    const manifest = cli(['export', 'manifest', JSON.parse(gallery.stdout).id]);
    assert.equal(manifest.status, 0, manifest.stderr);
    assert.deepEqual(JSON.parse(manifest.stdout).counts, { items: 0, excluded: 0, excludedByStage: { exact: 0, perceptual: 0, face: 0 } });

    const w = cli(['objection', 'withdraw', f.objection.id, '--reason', 'withdrawn by the person']);
    assert.equal(w.status, 0, w.stderr);
    assert.equal(JSON.parse(w.stdout).objection.status, 'withdrawn');
    const again = cli(['objection', 'reach', f.objection.id, join(dir, 'candidates')]);
    assert.match(again.stderr, /ABG_ERR_OBJECTION_NOT_ACTIVE/);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('abgleich objection file --recording or --hash audio:<seconds>:<base64>: a re-encoded copy of the recording is reached by the audio stage; silence is refused', async () => {
  const server = await startServerProcess({ agency: 'Controller', admin: 'dpo' });
  const dir = mkdtempSync(join(tmpdir(), 'abg-objection-cli-audio-'));
  try {
    const [voice] = await makeRecordings(dir, 17, 1, 12);
    const [copy] = await reencodeMany([voice!], 'mp3-64', dir);
    const silent = join(dir, 'silent.wav');
    execFileSync('sox', ['-n', '-r', '22050', '-c', '1', silent, 'trim', '0', '10']);
    const bad = server.cli(['objection', 'file', '--reference', 'DSR-2', '--purpose', 'all', '--recording', silent]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /ABG_ERR_NO_AUDIO_FINGERPRINT/);
    const filed = server.cli(['objection', 'file', '--reference', 'DSR-3', '--purpose', 'all', '--recording', voice!]);
    assert.equal(filed.status, 0, filed.stderr);
    const f = JSON.parse(filed.stdout);
    assert.deepEqual(f.reach.audio, { recordings: 1 });
    const reach = server.cli(['objection', 'reach', f.objection.id, copy!]);
    assert.equal(reach.status, 0, reach.stderr);
    const line = JSON.parse(reach.stdout.trim().split('\n').find((l) => l.startsWith('{"file"'))!);
    assert.equal(line.stage, 'audio');

    // The fingerprint alone, as `abgleich hash` prints it and hash lists carry it, is evidence too.
    const hashed = server.cli(['hash', voice!]);
    assert.equal(hashed.status, 0, hashed.stderr);
    const { audio } = JSON.parse(hashed.stdout.trim().split('\n')[0]!) as { audio: { durationSeconds: number; fingerprint: string } };
    const byHash = server.cli(['objection', 'file', '--reference', 'DSR-4', '--purpose', 'all', '--hash', `audio:${audio.durationSeconds}:${audio.fingerprint}`]);
    assert.equal(byHash.status, 0, byHash.stderr);
    const g = JSON.parse(byHash.stdout);
    assert.deepEqual([g.reach.audio, g.reach.exact.digests], [{ recordings: 1 }, 0]);
    const reached = server.cli(['objection', 'reach', g.objection.id, copy!]);
    assert.equal(JSON.parse(reached.stdout.trim().split('\n').find((l) => l.startsWith('{"file"'))!).stage, 'audio');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
