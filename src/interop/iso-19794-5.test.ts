// ISO/IEC 19794-5:2005: the reference record read with its header, facial information, feature
// points and JPEG image, written again byte for byte; broken lengths and the 2011 edition refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbgError } from '../domain/errors.ts';
import { ansiNist, ansiNistAbsent } from '../testing/exchange-test-data.ts';
import { readIsoFaceRecords, writeIsoFaceRecords } from './iso-19794-5.ts';
import { fieldValue } from './face-record.ts';

const file = () => new Uint8Array(readFileSync(`${ansiNist}face01.iso2005`));

test('face01.iso2005: one JPEG face, its facial information and four feature points; written back identically', { skip: ansiNistAbsent }, () => {
  const [r, ...rest] = readIsoFaceRecords(file());
  assert.equal(rest.length, 0);
  assert.deepEqual([r!.width, r!.height, r!.compression, r!.colourSpace], [280, 320, 'JPEGB', 'RGB']);
  assert.deepEqual(r!.featurePoints.map((p) => [p.code, p.x, p.y]), [['3.6', 95, 117], ['3.5', 168, 109], ['9.3', 139, 133], ['11.5', 136, 50]]);
  assert.deepEqual(['gender', 'eyeColour', 'hairColour', 'expression', 'sourceType'].map((n) => fieldValue(r!.fields, n)), ['2', '1', '6', '3', '2']);
  assert.deepEqual([r!.image[0], r!.image[1]], [0xff, 0xd8]);
  assert.deepEqual(Buffer.from(writeIsoFaceRecords([r!])), Buffer.from(file()));
});

test('broken records name the field; the 2011 edition is refused as unsupported', { skip: ansiNistAbsent }, () => {
  const b = file();
  const named = (field: string) => (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_EXCHANGE_MALFORMED' && e.details?.field === field;
  assert.throws(() => readIsoFaceRecords(b.subarray(0, 5000)), named('recordLength'));
  const wide = b.slice(); wide[0x42 + 3] = 0x19; // width 281
  assert.throws(() => readIsoFaceRecords(wide), named('width'));
  const v2011 = b.slice(); v2011[5] = 0x33;
  assert.throws(() => readIsoFaceRecords(v2011), (e: unknown) => isAbgError(e) && e.code === 'ABG_ERR_EXCHANGE_UNSUPPORTED');
});
