// Conformance of the ANSI/NIST-ITL reader and writer: NIST's six face transactions read with their
// field values and images, the five bad ones refused naming the field, fingerprint-only
// transactions answered "no face record", written transactions read back identically, and a
// bounded fuzz run over mutations that ends in records or coded errors only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { isAbgError, type ErrorCode } from '../domain/errors.ts';
import { ansiNist, ansiNistAbsent, gradientJpeg, gradientPng, isoFace, nbisFaces, syntheticFaces, syntheticTransaction, type10Fields } from '../testing/exchange-test-data.ts';
import { fuzzExchange } from '../testing/exchange-fuzz.ts';
import { readFaceRecords, readTransaction } from './ansi-nist-reader.ts';
import { writeTransaction } from './ansi-nist-writer.ts';
import { writeIsoFaceRecords } from './iso-19794-5.ts';
import { decodeStoredImage, pipelineImage } from './face-image.ts';
import type { FaceRecord } from './face-record.ts';

const coded = (code: ErrorCode, field?: string) => (e: unknown) => {
  assert.ok(isAbgError(e), `a coded error, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  if (field) assert.equal(e.details?.field, field, e.message);
  return true;
};
const nbis = (f: string) => new Uint8Array(readFileSync(`${ansiNist}nbis/${f}`));

describe('NIST reference transactions', { skip: ansiNistAbsent }, () => {
  for (const { file, image, compression } of nbisFaces) {
    test(`${file}: Type-1 and Type-10 fields and the image bytes`, () => {
      const t = readTransaction(nbis(file));
      assert.deepEqual(t.skipped, []);
      assert.equal(t.header.version, '0400');
      assert.equal(t.header.type, 'NISTDAAT');
      assert.equal(t.header.date, '2008-10-17');
      assert.equal(t.header.destination, 'DAI00000');
      assert.equal(t.header.originator, 'MDNISTIG');
      assert.equal(t.header.controlNumber, 'face1');
      assert.equal(t.faces.length, 1);
      const f = t.faces[0]!;
      assert.equal(f.idc, 0);
      assert.equal(f.source, 'MDNISTIG');
      assert.equal(f.captureDate, '2004-02-29');
      assert.deepEqual([f.width, f.height, f.compression, f.colourSpace, f.pose], [768, 1024, compression, compression === 'NONE' ? 'RGB' : 'SRGB', 'F']);
      assert.equal(f.fields.find((x) => x.tag === '10.013')?.value, '40', 'SAP');
      assert.deepEqual(f.featurePoints, []);
      assert.deepEqual(Buffer.from(f.image), readFileSync(`${ansiNist}type10-images/${image}`));
    });

    test(`${file}: written again byte for byte`, () => {
      const bytes = nbis(file);
      assert.deepEqual(Buffer.from(writeTransaction(readTransaction(bytes).faces)), Buffer.from(bytes));
    });
  }

  test('the decoded pixels of JPEGL, NONE and JP2L equal those of the PNG record (JP2L within 1 level)', async () => {
    const png = await sharp(readFileSync(`${ansiNist}type10-images/face_png.png`)).raw().toBuffer();
    for (const file of ['face_jpl.an2', 'face_raw.an2', 'face_jp2l.an2']) {
      const r = await decodeStoredImage(readTransaction(nbis(file)).faces[0]!);
      assert.deepEqual([r.width, r.height, r.channels], [768, 1024, 3]);
      let worst = 0;
      for (let i = 0; i < png.length; i++) worst = Math.max(worst, Math.abs(png[i]! - r.data[i]!));
      assert.ok(worst <= (file === 'face_jp2l.an2' ? 1 : 0), `${file}: largest difference ${worst}`);
    }
    const lossy = await decodeStoredImage(readTransaction(nbis('face_jp2.an2')).faces[0]!);
    assert.equal(lossy.data.length, 768 * 1024 * 3);
  });

  test('every compression reaches the image pipeline as JPEG or PNG of the declared size', async () => {
    for (const { file } of nbisFaces) {
      const meta = await sharp(await pipelineImage(readTransaction(nbis(file)).faces[0]!)).metadata();
      assert.deepEqual([meta.width, meta.height], [768, 1024], file);
    }
  });

  test('the pixel limits of every image apply before JPEG 2000 and lossless JPEG are decoded', async () => {
    for (const file of ['face_jp2.an2', 'face_jpl.an2', 'face_raw.an2']) {
      await assert.rejects(decodeStoredImage(readTransaction(nbis(file)).faces[0]!, { maxPixels: 100_000 }), coded('ABG_ERR_IMAGE_TOO_LARGE'));
    }
  });

  const bad = { 'face-forbidden-field.an2': '1.016', 'face-jp2-image-height.an2': '10.007', 'face-jp2-image-width.an2': '10.006', 'face-udf.an2': '10.216', 'face-wrong-string.an2': '10.003' };
  for (const [file, field] of Object.entries(bad)) {
    test(`bad/${file} is refused naming field ${field}`, () => {
      assert.throws(() => readTransaction(nbis(`bad/${file}`)), coded('ABG_ERR_EXCHANGE_MALFORMED', field));
    });
  }

  test('fingerprint-only transactions: no face record, the other records listed', () => {
    for (const [file, types] of [['a010_14.an2', [14]], ['iafis.an2', [9, 4, 9, 4]], ['nist.an2', [9, 13, 9, 14]], ['nist_jp2.an2', [9, 13, 9, 14]]] as const) {
      assert.deepEqual(readTransaction(nbis(file)).skipped.map((s) => s.type), types, file);
      assert.throws(() => readFaceRecords(nbis(file)), (e: unknown) => coded('ABG_ERR_NO_FACE_RECORD')(e) && /Type-14|Type-4/.test((e as Error).message));
    }
  });

  test('fuzz over mutations of the NIST face transactions: coded errors only', () => {
    const r = fuzzExchange(nbisFaces.slice(2, 3).map((f) => nbis(f.file)), 1500, 7, Date.now() + 3000);
    assert.equal(r.crashes, 0, r.firstCrash);
    assert.ok(r.refused > 0);
  });
});

describe('writer', () => {
  test('Type-2 fields, several faces and feature points are read back identically, with CNT, LEN and IDC', async () => {
    const png = await gradientPng(20, 30);
    const points = [{ type: 1, code: '12.1', x: 5, y: 10 }, { type: 1, code: '12.2', x: 14, y: 10 }, { type: 1, code: '9.3', x: 10, y: 16 }];
    const bytes = syntheticTransaction([
      { png, width: 20, height: 30, idc: 1, points, type2: [{ tag: '2.018', value: 'MÜLLER, JÖRG' }, { tag: '2.035', value: '19800101' }] },
      { png, width: 20, height: 30, idc: 2 },
    ]);
    const text = Buffer.from(bytes).toString('latin1');
    assert.match(text, /^1\.001:\d+\u001d1\.002:0502\u001d1\.003:1\u001f3\u001e2\u001f01\u001e10\u001f01\u001e10\u001f02\u001d/);
    const t = readTransaction(bytes);
    assert.deepEqual(t.faces.map((f) => f.idc), [1, 2]);
    assert.deepEqual(t.faces[0]!.featurePoints, points);
    assert.deepEqual(t.faces[0]!.descriptive, { idc: 1, fields: [{ tag: '2.018', value: 'MÜLLER, JÖRG' }, { tag: '2.035', value: '19800101' }] });
    assert.equal(t.faces[1]!.descriptive, undefined);
    assert.deepEqual(readTransaction(writeTransaction(t.faces)), t);
  });

  test('mandatory fields, separators, character sets and sizes are checked on write', async () => {
    const png = await gradientPng(20, 30);
    const [face] = syntheticFaces([{ png, width: 20, height: 30 }]);
    const without = (tag: string): FaceRecord => ({ ...face!, fields: face!.fields.filter((f) => f.tag !== tag) });
    assert.throws(() => writeTransaction([without('10.005')]), coded('ABG_ERR_EXCHANGE_MALFORMED', '10.005'));
    assert.throws(() => writeTransaction([{ ...face!, fields: [...face!.fields.filter((f) => f.tag !== '10.004'), { tag: '10.004', value: 'A\u001dB' }] }]), coded('ABG_ERR_EXCHANGE_MALFORMED', '10.004'));
    assert.throws(() => writeTransaction([face!], [...face!.transaction!.fields.filter((f) => f.tag !== '1.009'), { tag: '1.009', value: 'TCN-Ä' }]), coded('ABG_ERR_EXCHANGE_MALFORMED', '1.009'));
    assert.throws(() => writeTransaction([{ ...face!, fields: [...without('10.006').fields, { tag: '10.006', value: '21' }] }]), coded('ABG_ERR_EXCHANGE_MALFORMED', '10.006'));
    assert.throws(() => writeTransaction([{ ...face!, idc: 100 }]), coded('ABG_ERR_EXCHANGE_MALFORMED', 'IDC'));
    assert.throws(() => writeTransaction([{ ...face!, fields: type10Fields({ png, width: 20, height: 30, extra: [{ tag: '10.029', value: '1\u001f12.1\u001fx\u001f3' }] }) }]), coded('ABG_ERR_EXCHANGE_MALFORMED', '10.029'));
  });

  test('fuzz over mutations of written transactions: coded errors only, within the time bound', async () => {
    const png = await gradientPng(16, 16);
    const seed = syntheticTransaction([{ png, width: 16, height: 16, points: [{ type: 1, code: '3.5', x: 3, y: 4 }], type2: [{ tag: '2.018', value: 'DOE' }] }, { png, width: 16, height: 16 }]);
    const iso = writeIsoFaceRecords([isoFace(await gradientJpeg(16, 16), 16, 16, 0, [{ type: 1, code: '3.5', x: 3, y: 4 }])]);
    const r = fuzzExchange([seed, iso], 5000, 3, Date.now() + 3000);
    assert.equal(r.crashes, 0, r.firstCrash);
    assert.ok(r.read > 0 && r.refused > 0, JSON.stringify(r));
  });
});
