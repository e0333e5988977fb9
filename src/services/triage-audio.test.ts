// Audio in triage over HTTP: a VICS hash set carries the fingerprints of two generated recordings;
// a seized MP3 copy, a 10 s excerpt and a video whose sound track is the second recording are
// found with their offset and bit error rate; an unrelated recording is new, a silent one says it
// has no fingerprint, and the set exports its fingerprints again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { excerpt, makeRecordings, readWav, reencodeMany, writeWav } from '../testing/audio-material.ts';
import { audioFromFile, encodeAudioItems } from '../signals/audio/index.ts';

let h: ApiHarness;
let op: string;
let dir: string;
let recs: string[];
const enc = (s: string) => new TextEncoder().encode(s);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'abg-triage-audio-'));
  h = await apiHarness();
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  op = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token;
  recs = await makeRecordings(dir, 31, 3, 30);
});
after(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('known recordings are found in re-encoded copies, excerpts and video sound tracks, with offset and bit error rate', async () => {
  const media = await Promise.all(recs.slice(0, 2).map(async (r, i) => {
    const a = await audioFromFile(r);
    return { MediaID: i + 1, Category: i + 1, Name: `recording ${i + 1}`, AudioFingerprint: `${a.durationSeconds}:${encodeAudioItems(a.items)}` };
  }));
  const doc = { value: [{ Media: [...media, { MediaID: 3, Category: 1, AudioFingerprint: '12:not base64!' }] }] };
  const imported = await h.upload('/v1/hashsets', op, { name: 'Recordings', source: 'partner', categoryScheme: 'vics', format: 'vics' }, [{ field: 'file', name: 'r.json', data: enc(JSON.stringify(doc)) }]);
  assert.equal(imported.status, 200, JSON.stringify(imported.json));
  assert.equal(imported.json.imported, 2);
  assert.deepEqual(imported.json.errors.map((e: { row: number }) => e.row), [2]);

  const [mp3] = await reencodeMany([recs[0]!], 'mp3-64', dir);
  const part = await writeWav(join(dir, 'part.wav'), excerpt(await readWav(recs[0]!), 12, 10));
  const [video] = await reencodeMany([recs[1]!], 'video', dir);
  const silent = join(dir, 'silent.wav');
  execFileSync('sox', ['-n', '-r', '22050', '-c', '1', silent, 'trim', '0', '20']);
  const [m4a] = await reencodeMany([recs[0]!], 'aac', dir);
  const soundOnly = join(dir, 'sound-only.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', recs[1]!, '-c:a', 'aac', '-b:a', '64k', soundOnly]);
  const files = [['copy.mp3', mp3!], ['part.wav', part], ['clip.mp4', video!], ['other.wav', recs[2]!], ['silent.wav', silent], ['voice.m4a', m4a!], ['sound-only.mp4', soundOnly]];
  const r = await h.upload('/v1/triage', op, { caseRef: 'A-1' }, files.map(([name, p]) => ({ field: 'file', name: name!, data: readFileSync(p!) })));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const by = new Map(r.json.results.map((x: { file: string }) => [x.file, x]));
  const audioMatch = (file: string) => {
    const x = by.get(file) as { verdict: string; categories: string[]; matches: { signal: string; hashSetName: string; offsetSeconds: number; ber: number }[] };
    assert.equal(x.verdict, 'near-duplicate', file);
    const m = x.matches.find((y) => y.signal === 'audio');
    assert.ok(m && m.hashSetName === 'Recordings' && m.ber <= 0.2, `${file}: ${JSON.stringify(x.matches)}`);
    return { ...m, categories: x.categories };
  };
  const copy = audioMatch('copy.mp3');
  assert.deepEqual([copy.offsetSeconds, copy.categories], [0, ['1']]);
  const ex = audioMatch('part.wav');
  assert.ok(Math.abs(ex.offsetSeconds - 12) <= 0.3, `offset ${ex.offsetSeconds}`);
  const track = audioMatch('clip.mp4');
  assert.deepEqual(track.categories, ['2']);
  assert.equal((by.get('clip.mp4') as { type: string }).type, 'video');
  assert.equal((by.get('other.wav') as { verdict: string }).verdict, 'new');
  // AAC in an M4A file, and an MP4 file with only a sound track, are recordings.
  assert.deepEqual([audioMatch('voice.m4a').categories, audioMatch('sound-only.mp4').categories], [['1'], ['2']]);
  assert.equal((by.get('sound-only.mp4') as { type: string }).type, 'file');
  const s = by.get('silent.wav') as { verdict: string; error: { code: string } };
  assert.deepEqual([s.verdict, s.error.code], ['error', 'ABG_ERR_NO_AUDIO_FINGERPRINT']);
  // The copy and the excerpt of one recording form a cluster in the run.
  assert.ok((by.get('copy.mp3') as { cluster: number }).cluster !== null);
  assert.equal((by.get('copy.mp3') as { cluster: number }).cluster, (by.get('part.wav') as { cluster: number }).cluster);
  const back = await h.call('GET', `/v1/triage/${r.json.run.id}`, op);
  assert.deepEqual(back.json.results, r.json.results);

  const csv = await h.app.inject({ method: 'GET', url: `/v1/hashsets/${imported.json.hashSet.id}/export?format=csv`, headers: { authorization: `Bearer ${op}` } });
  assert.ok(csv.body.split('\r\n')[0]!.includes('audio'));
  assert.ok(csv.body.includes(media[0]!.AudioFingerprint), 'the fingerprint is exported as imported');
});
