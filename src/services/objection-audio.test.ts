// Objections with a recording, over HTTP: recordings without usable sound are refused with their
// coded error and nothing is filed; a filed recording reaches its MP3 re-encode and a 10 s excerpt
// in triage into a media gallery and in the reach report (with the excerpt's offset), not an
// unrelated recording; after withdrawal nothing is flagged. A fingerprint that left with a hash
// set's export (VICS, then CSV) is filed as objection evidence without its recording and reaches
// the recording's copies.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userToken } from '../testing/api-harness.ts';
import { apiWorld } from '../testing/api-world.ts';
import { excerpt, makeRecordings, readWav, reencodeMany, writeWav } from '../testing/audio-material.ts';
import { audioFromFile, encodeAudioItems } from '../signals/audio/index.ts';

const w = apiWorld(async (h) => {
  const dir = mkdtempSync(join(tmpdir(), 'abg-objection-audio-'));
  const officer = await userToken(h, h.adminToken, 'officer', ['owner-officer']);
  const operator = await userToken(h, h.adminToken, 'operator', ['operator']);
  const recs = await makeRecordings(dir, 43, 2, 30);
  return { officer, operator, dir, recs };
});
after(() => {
  if (w.dir) rmSync(w.dir, { recursive: true, force: true });
});

type Stage = { stage: string; checked: boolean; caught: boolean; objectionId?: string; measure?: number; offsetSeconds?: number };

test('an objection filed with a recording reaches its re-encode and excerpt in triage and reach, not another recording; bad recordings are refused', async () => {
  const silent = join(w.dir, 'silent.wav');
  execFileSync('sox', ['-n', '-r', '22050', '-c', '1', silent, 'trim', '0', '20']);
  const mute = join(w.dir, 'mute.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5:duration=3', '-pix_fmt', 'yuv420p', mute]);
  for (const [file, code] of [[silent, 'ABG_ERR_NO_AUDIO_FINGERPRINT'], [mute, 'ABG_ERR_NO_AUDIO_STREAM']] as const) {
    const bad = await w.h.upload('/v1/objections', w.officer, { reference: 'DSR-bad', purposes: ['all'] }, [{ field: 'recording', name: 'r', data: readFileSync(file) }]);
    assert.equal(bad.json.error?.code, code, JSON.stringify(bad.json));
    assert.ok(bad.status >= 400 && bad.status < 500);
  }
  assert.deepEqual((await w.h.call('GET', '/v1/objections', w.officer)).json.objections, [], 'a refused recording files nothing');

  const filed = await w.h.upload('/v1/objections', w.officer, { reference: 'DSR-voice', purposes: ['all'] }, [{ field: 'recording', name: 'voice.wav', data: readFileSync(w.recs[0]!) }]);
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  assert.deepEqual(filed.json.reach.audio, { recordings: 1 });
  assert.equal(filed.json.reach.exact.digests, 2, 'the recording file itself is also caught by its digests');
  const objectionId = filed.json.objection.id as string;

  const [mp3] = await reencodeMany([w.recs[0]!], 'mp3-128', w.dir);
  const part = await writeWav(join(w.dir, 'part.wav'), excerpt(await readWav(w.recs[0]!), 12, 10));
  const files = [['copy.mp3', mp3!], ['part.wav', part], ['other.wav', w.recs[1]!]] as const;
  const upload = files.map(([name, p]) => ({ field: 'file', name, data: readFileSync(p) }));

  const gallery = (await w.h.call('POST', '/v1/galleries', w.h.adminToken, { name: 'Seized', kind: 'media', legalBasis: 'x', purposes: ['p'], retentionDays: 30 })).json.id as string;
  const triage = async () => {
    const r = await w.h.upload('/v1/triage', w.operator, { caseRef: 'A-7', galleryId: gallery }, upload);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return new Map(r.json.results.map((x: { file: string; objection?: { stage: string; objectionId: string; measure: number; reference?: string } }) => [x.file, x.objection ?? null]));
  };
  const flagged = await triage();
  for (const name of ['copy.mp3', 'part.wav']) {
    const o = flagged.get(name) as { stage: string; objectionId: string; measure: number; reference?: string };
    assert.deepEqual([o?.stage, o?.objectionId, o?.reference], ['audio', objectionId, 'DSR-voice'], name);
    assert.ok(o.measure <= 0.2, `${name}: bit error rate ${o.measure}`);
  }
  assert.equal(flagged.get('other.wav'), null, 'an unrelated recording is not under the objection');

  const reach = await w.h.upload(`/v1/objections/${objectionId}/reach`, w.officer, {}, upload.map((u) => ({ ...u, field: 'candidate' })));
  assert.equal(reach.status, 200, JSON.stringify(reach.json));
  assert.deepEqual(reach.json.caught, { exact: 0, perceptual: 0, audio: 2, face: 0 });
  assert.equal(reach.json.notCaught, 1);
  const audioStage = (file: string) => (reach.json.results.find((r: { file: string }) => r.file === file).stages as Stage[]).find((s) => s.stage === 'audio')!;
  assert.equal(audioStage('copy.mp3').offsetSeconds, 0);
  assert.ok(Math.abs(audioStage('part.wav').offsetSeconds! - 12) <= 0.3, `offset ${audioStage('part.wav').offsetSeconds}`);
  assert.deepEqual([audioStage('other.wav').checked, audioStage('other.wav').caught], [true, false]);

  assert.equal((await w.h.call('POST', `/v1/objections/${objectionId}/withdraw`, w.officer, { reason: 'consent withdrawn' })).status, 200);
  const after = await triage();
  assert.deepEqual([...after.values()], [null, null, null], 'a withdrawn objection flags nothing');
});

test('an audio fingerprint exported with a hash set travels back: VICS and CSV keep it, and filed as objection evidence it reaches the recording’s copies', async () => {
  const a = await audioFromFile(w.recs[1]!);
  const text = `${a.durationSeconds}:${encodeAudioItems(a.items)}`;
  const exported = async (id: string, format: 'vics' | 'csv') => (await w.h.app.inject({ method: 'GET', url: `/v1/hashsets/${id}/export?format=${format}`, headers: { authorization: `Bearer ${w.operator}` } })).body;
  const importSet = async (name: string, format: 'vics' | 'csv', body: string) => {
    const r = await w.h.upload('/v1/hashsets', w.operator, { name, source: 'partner', categoryScheme: 'vics', format, defaultCategory: '1' }, [{ field: 'file', name: `list.${format === 'vics' ? 'json' : 'csv'}`, data: new TextEncoder().encode(body) }]);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual([r.json.imported, r.json.errors], [1, []]);
    return r.json.hashSet.id as string;
  };
  const first = await importSet('Voices', 'csv', `audio,category,name\r\n${text},2,voice.wav\r\n`);
  const vics = JSON.parse(await exported(first, 'vics')) as { value: { Media: { AudioFingerprint?: string }[] }[] };
  assert.deepEqual(vics.value.flatMap((v) => v.Media.map((m) => m.AudioFingerprint)), [text], 'VICS carries the fingerprint as imported');
  const second = await importSet('Voices again', 'vics', JSON.stringify(vics));
  const [header, row] = (await exported(second, 'csv')).split('\r\n');
  const cell = row!.split(',')[header!.split(',').indexOf('audio')]!;
  assert.equal(cell, text, 'CSV carries it unchanged after a VICS round trip');

  for (const [value, code] of [['12.5:AAAAAAEAAAACAAAA', 'ABG_ERR_NO_AUDIO_FINGERPRINT'], ['voice.wav', 'ABG_ERR_MALFORMED_HASH']] as const) {
    const bad = await w.h.upload('/v1/objections', w.officer, { reference: 'DSR-bad-hash', purposes: ['all'], hashes: JSON.stringify([{ kind: 'audio', value }]) }, []);
    assert.equal(bad.json.error?.code, code, JSON.stringify(bad.json));
  }
  assert.equal((await w.h.call('GET', '/v1/objections', w.officer)).json.objections.filter((o: { reference: string }) => o.reference === 'DSR-bad-hash').length, 0, 'nothing filed for a bad fingerprint');

  const filed = await w.h.upload('/v1/objections', w.officer, { reference: 'DSR-listed', purposes: ['all'], hashes: JSON.stringify([{ kind: 'audio', value: cell }]) }, []);
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  assert.deepEqual([filed.json.reach.audio, filed.json.reach.exact.digests], [{ recordings: 1 }, 0], 'a fingerprint without its recording: the audio stage only');
  const [mp3] = await reencodeMany([w.recs[1]!], 'mp3-64', w.dir);
  const reach = await w.h.upload(`/v1/objections/${filed.json.objection.id}/reach`, w.officer, {}, [{ field: 'candidate', name: 'copy.mp3', data: readFileSync(mp3!) }, { field: 'candidate', name: 'other.wav', data: readFileSync(w.recs[0]!) }]);
  assert.equal(reach.status, 200, JSON.stringify(reach.json));
  assert.deepEqual([reach.json.caught, reach.json.notCaught], [{ exact: 0, perceptual: 0, audio: 1, face: 0 }, 1]);
  assert.equal(reach.json.results.find((r: { file: string }) => r.file === 'copy.mp3').objectionId, filed.json.objection.id);
});
