// The exchange-format contract, run against every format in the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExchangeFormatContract, type ExchangeFormatFixtures } from './exchange-format.contract.ts';
import { utf8Bytes } from './exchange-format.ts';
import { exchangeFormat, exchangeFormats } from './registry.ts';
import { AbgError } from '../domain/errors.ts';
import { gradientJpeg, gradientPng, isoFace, syntheticFaces, syntheticTransaction } from '../testing/exchange-test-data.ts';
import { taggedRecord } from './ansi-nist-writer.ts';
import { writeIsoFaceRecords } from './iso-19794-5.ts';

type Format = (typeof exchangeFormats)[number];

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PDQ = 'f'.repeat(64);
// Three sub-fingerprints (0, 1, 2) of a 12.5 s recording.
const AUDIO = { durationSeconds: 12.5, fingerprint: 'AAAAAAEAAAACAAAA' };

const png1 = await gradientPng(24, 32, 1);
const png2 = await gradientPng(30, 20, 2);
const faces = syntheticFaces([
  { png: png1, width: 24, height: 32, idc: 1, points: [{ type: 1, code: '12.1', x: 8, y: 12 }, { type: 1, code: '12.2', x: 16, y: 12 }], type2: [{ tag: '2.018', value: 'DOE, JOHN' }] },
  { png: png2, width: 30, height: 20, idc: 2 },
]);
const scar = { png: png2, width: 30, height: 20, idc: 3, imageType: 'SCAR' };
const isoFaces = [
  isoFace(await gradientJpeg(24, 32, 1), 24, 32, 0, [{ type: 1, code: '12.1', x: 8, y: 12 }]),
  isoFace(await gradientJpeg(30, 20, 2), 30, 20, 1),
];
// A fingerprint-only transaction: Type-1 listing one binary Type-4 record (LEN, IDC, then its header bytes).
const fingerprintOnly = (() => {
  const t1 = taggedRecord(1, [{ tag: '1.002', value: '0400' }, { tag: '1.003', value: '1\u001f1\u001e4\u001f01' }, { tag: '1.004', value: 'CAR' }, { tag: '1.005', value: '20240101' }, { tag: '1.007', value: 'DAI' }, { tag: '1.008', value: 'ORI' }, { tag: '1.009', value: 'T1' }, { tag: '1.011', value: '19.69' }, { tag: '1.012', value: '19.69' }]);
  const t4 = Uint8Array.from([0, 0, 0, 20, 1, 0, 1, 255, 255, 255, 255, 255, 0, 0, 1, 0, 1, 1, 7, 7]);
  return new Uint8Array([...t1, ...t4]);
})();

/** Fixtures per registered format; a format added to the registry without them does not compile. */
const fixtures: { [F in Format as F['id']]: ExchangeFormatFixtures<F['recordKind']> } = {
  vics: {
    records: [
      { category: '1', md5: MD5, sha1: SHA1, sourceId: '7', name: 'a "quoted", name.jpg' },
      { category: '0', sha256: SHA256, sourceId: '8' },
      { category: '2', audio: AUDIO, sourceId: '9' },
    ],
    mixed: {
      bytes: utf8Bytes(JSON.stringify({ value: [{ Media: [{ MediaID: 1, Category: 1, MD5: MD5.toUpperCase() }, { MediaID: 2, Category: 1, MD5: 'zz' }, { MediaID: 3, MD5 }] }, { Media: ['junk', { MediaID: 5, Category: 2, SHA1 }, { MediaID: 6, Category: 1, AudioFingerprint: '0:AAAA' }, { MediaID: 7, Category: 3, AudioFingerprint: '12.5:AAAAAAEAAAACAAAA' }] }] })),
      records: [{ category: '1', md5: MD5, sourceId: '1' }, { category: '2', sha1: SHA1, sourceId: '5' }, { category: '3', audio: AUDIO, sourceId: '7' }],
      badRows: [1, 2, 3, 5],
    },
    broken: [{ bytes: utf8Bytes('{'), code: 'ABG_ERR_MALFORMED_JSON' }, { bytes: utf8Bytes('{"x":1}'), code: 'ABG_ERR_VALIDATION' }],
  },
  csv: {
    records: [
      { category: 'A', md5: MD5, pdq: PDQ, name: 'a "quoted",\r\nname.jpg', sourceId: 'x-1' },
      { category: '2', sha1: SHA1, sha256: SHA256 },
      { category: '3', audio: AUDIO, name: 'recording.mp3' },
    ],
    mixed: {
      bytes: utf8Bytes(`category,md5,name,audio\r\n1,${MD5},a.jpg,\r\n1,nothex,b.jpg,\r\n,${MD5},c.jpg,\r\n2,${MD5.toUpperCase()},d.jpg,\r\n3\r\n4,,e.mp3,12.5:AAAAAAEAAAACAAAA\r\n4,,f.mp3,12.5:AAAAAAA=\r\n`),
      records: [{ category: '1', md5: MD5, name: 'a.jpg' }, { category: '2', md5: MD5, name: 'd.jpg' }, { category: '4', audio: AUDIO, name: 'e.mp3' }],
      badRows: [3, 4, 6, 8],
    },
    broken: [{ bytes: utf8Bytes(''), code: 'ABG_ERR_VALIDATION' }, { bytes: utf8Bytes('name,category\na,1\n'), code: 'ABG_ERR_VALIDATION' }],
  },
  'ansi-nist': {
    records: faces,
    mixed: { bytes: syntheticTransaction([{ png: png1, width: 24, height: 32, idc: 1 }, scar]), records: syntheticFaces([{ png: png1, width: 24, height: 32, idc: 1 }]), badRows: [3] },
    broken: [
      { bytes: utf8Bytes('1.001:99\u001d'), code: 'ABG_ERR_EXCHANGE_MALFORMED' },
      { bytes: utf8Bytes('<?xml version="1.0"?><itl:NISTBiometricInformationExchangePackage/>'), code: 'ABG_ERR_EXCHANGE_UNSUPPORTED' },
      { bytes: fingerprintOnly, code: 'ABG_ERR_NO_FACE_RECORD' },
    ],
  },
  'iso-19794-5': {
    records: isoFaces,
    mixed: { bytes: writeIsoFaceRecords(isoFaces), records: isoFaces, badRows: [] },
    broken: [{ bytes: utf8Bytes('FAC\u0000030\u0000'), code: 'ABG_ERR_EXCHANGE_UNSUPPORTED' }, { bytes: utf8Bytes('FAC\u0000010\u0000\u0000\u0000\u0000\u0099\u0000\u0001'), code: 'ABG_ERR_EXCHANGE_MALFORMED' }],
  },
};

for (const format of exchangeFormats) describeExchangeFormatContract<Format['recordKind']>(format, fixtures[format.id]);

test('registry: ids are unique, an unknown name is a validation error', () => {
  assert.equal(new Set(exchangeFormats.map((f) => f.id)).size, exchangeFormats.length);
  assert.equal(exchangeFormat('hash-set-entry', 'csv').id, 'csv');
  assert.throws(() => exchangeFormat('hash-set-entry', 'xml'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION' && /vics, csv/.test(e.message));
});
