// Enrollment uploads in the exchange formats: one file per face record with its provenance from
// the transaction and core data through the field mapping; a fingerprint-only transaction refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { isAbgError } from '../domain/errors.ts';
import { ansiNist, ansiNistAbsent, gradientPng, syntheticTransaction } from '../testing/exchange-test-data.ts';
import { expandExchangeUploads, inspectExchangeFile, probeFromUpload } from './exchange-uploads.ts';

test('a NIST face transaction becomes one image with ORI, TCN, source and capture date as provenance', { skip: ansiNistAbsent }, async () => {
  const files = await expandExchangeUploads([{ fileName: 'face_jp2.an2', data: new Uint8Array(readFileSync(`${ansiNist}nbis/face_jp2.an2`)) }]);
  assert.equal(files.length, 1);
  assert.deepEqual(files[0]!.entry, { subjectRef: 'face1', source: 'ANSI/NIST-ITL 0400 ORI MDNISTIG, TCN face1, SRC MDNISTIG', captureDate: '2004-02-29' });
  const meta = await sharp(files[0]!.data).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 768, 1024]);
  await assert.rejects(expandExchangeUploads([{ fileName: 'a010_14.an2', data: new Uint8Array(readFileSync(`${ansiNist}nbis/a010_14.an2`)) }]), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_NO_FACE_RECORD');
});

test('Type-2 fields fill core data through the configured mapping; other uploads pass unchanged', async () => {
  const png = await gradientPng(20, 30);
  const an2 = syntheticTransaction([{ png, width: 20, height: 30, idc: 1, type2: [{ tag: '2.018', value: 'DOE, JANE' }, { tag: '2.024', value: 'F' }, { tag: '2.099', value: 'x' }] }], 'TCN-77');
  const files = await expandExchangeUploads([{ fileName: 'a.eft', data: an2 }, { fileName: 'b.png', data: png }], { '2.018': 'name', '2.024': 'sex' });
  assert.equal(files.length, 2);
  assert.deepEqual(files[0]!.entry?.coreData, { name: 'DOE, JANE', sex: 'F' });
  assert.equal(files[0]!.entry?.subjectRef, 'TCN-77-1');
  assert.equal(files[0]!.entry?.captureDate, '2024-01-17');
  assert.deepEqual(files[1], { fileName: 'b.png', data: png });
});

test('a transaction as search probe: its face image, and the eye centres of 10.029 as seven alignment landmarks', async () => {
  const png = await gradientPng(120, 160);
  const an2 = syntheticTransaction([{ png, width: 120, height: 160, points: [{ type: 1, code: '3.5', x: 80, y: 60 }, { type: 1, code: '3.6', x: 40, y: 60 }, { type: 1, code: '8.3', x: 75, y: 110 }] }]);
  const p = await probeFromUpload('probe.an2', an2);
  assert.deepEqual(p.probe, png);
  const byName = Object.fromEntries(p.probeLandmarks!.map((l) => [l.name, [l.x, l.y]]));
  assert.deepEqual(Object.keys(byName), ['rightEyeOuter', 'rightEyeInner', 'leftEyeInner', 'leftEyeOuter', 'noseBase', 'mouthRight', 'mouthLeft']);
  assert.deepEqual(byName.rightEyeOuter, [30.4, 60]);
  assert.deepEqual(byName.leftEyeOuter, [89.6, 60]);
  assert.deepEqual(byName.mouthLeft, [75, 110], 'a recorded mouth corner is kept');
  assert.ok(byName.noseBase![1]! > 60 && byName.noseBase![1]! < 110);
  const plain = await probeFromUpload('probe.png', png);
  assert.deepEqual(plain, { probe: png });
  const noPoints = await probeFromUpload('p.an2', syntheticTransaction([{ png, width: 120, height: 160 }]));
  assert.equal(noPoints.probeLandmarks, undefined);
});

test('an uploaded document read for display: fields with their mnemonics beside a viewable image; skipped records listed', async () => {
  const png = await gradientPng(20, 30);
  const view = await inspectExchangeFile('t.an2', syntheticTransaction([{ png, width: 20, height: 30, type2: [{ tag: '2.018', value: 'DOE, JANE' }] }, { png, width: 20, height: 30, imageType: 'SCAR' }]));
  assert.equal(view.format, 'ansi-nist');
  assert.deepEqual(view.skipped.map((s) => s.row), [4]);
  assert.equal(view.records.length, 1);
  const r = view.records[0]!;
  assert.deepEqual(Buffer.from(r.image, 'base64'), Buffer.from(png));
  assert.equal(r.mediaType, 'image/png');
  const byTag = Object.fromEntries(r.fields.map((f) => [f.tag, f]));
  assert.deepEqual(byTag['10.005'], { tag: '10.005', name: 'PHD', value: '20240117' });
  assert.deepEqual(byTag['2.018'], { tag: '2.018', name: 'NAM', value: 'DOE, JANE' });
  assert.equal(byTag['1.009']!.value, 'TCN-0001');
  await assert.rejects(inspectExchangeFile('x.txt', new TextEncoder().encode('hello')), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_EXCHANGE_MALFORMED');
});

test('an ISO/IEC 19794-5 record enrolls its face under the item name, its JPEG as stored', { skip: ansiNistAbsent }, async () => {
  const iso = new Uint8Array(readFileSync(`${ansiNist}face01.iso2005`));
  const [item, ...rest] = await expandExchangeUploads([{ fileName: 'face01.iso2005', data: iso }]);
  assert.equal(rest.length, 0);
  assert.deepEqual(item!.entry, { subjectRef: 'face01.iso2005#0', source: 'ISO/IEC 19794-5 record face01.iso2005#0' });
  assert.deepEqual(Buffer.from(item!.data), Buffer.from(iso.subarray(78)));
});
