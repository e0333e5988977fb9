// The exchange-format contract, run against every format in the registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeExchangeFormatContract, type ExchangeFormatFixtures } from './exchange-format.contract.ts';
import { utf8Bytes } from './exchange-format.ts';
import { exchangeFormat, exchangeFormats } from './registry.ts';
import { AbgError } from '../domain/errors.ts';

type Format = (typeof exchangeFormats)[number];

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const PDQ = 'f'.repeat(64);

/** Fixtures per registered format; a format added to the registry without them does not compile. */
const fixtures: { [F in Format as F['id']]: ExchangeFormatFixtures<F['recordKind']> } = {
  vics: {
    records: [
      { category: '1', md5: MD5, sha1: SHA1, sourceId: '7', name: 'a "quoted", name.jpg' },
      { category: '0', sha256: SHA256, sourceId: '8' },
    ],
    mixed: {
      bytes: utf8Bytes(JSON.stringify({ value: [{ Media: [{ MediaID: 1, Category: 1, MD5: MD5.toUpperCase() }, { MediaID: 2, Category: 1, MD5: 'zz' }, { MediaID: 3, MD5 }] }, { Media: ['junk', { MediaID: 5, Category: 2, SHA1 }] }] })),
      records: [{ category: '1', md5: MD5, sourceId: '1' }, { category: '2', sha1: SHA1, sourceId: '5' }],
      badRows: [1, 2, 3],
    },
    broken: [{ bytes: utf8Bytes('{'), code: 'ABG_ERR_MALFORMED_JSON' }, { bytes: utf8Bytes('{"x":1}'), code: 'ABG_ERR_VALIDATION' }],
  },
  csv: {
    records: [
      { category: 'A', md5: MD5, pdq: PDQ, name: 'a "quoted",\r\nname.jpg', sourceId: 'x-1' },
      { category: '2', sha1: SHA1, sha256: SHA256 },
    ],
    mixed: {
      bytes: utf8Bytes(`category,md5,name\r\n1,${MD5},a.jpg\r\n1,nothex,b.jpg\r\n,${MD5},c.jpg\r\n2,${MD5.toUpperCase()},d.jpg\r\n3\r\n`),
      records: [{ category: '1', md5: MD5, name: 'a.jpg' }, { category: '2', md5: MD5, name: 'd.jpg' }],
      badRows: [3, 4, 6],
    },
    broken: [{ bytes: utf8Bytes(''), code: 'ABG_ERR_VALIDATION' }, { bytes: utf8Bytes('name,category\na,1\n'), code: 'ABG_ERR_VALIDATION' }],
  },
};

for (const format of exchangeFormats) describeExchangeFormatContract<Format['recordKind']>(format, fixtures[format.id]);

test('registry: ids are unique, an unknown name is a validation error', () => {
  assert.equal(new Set(exchangeFormats.map((f) => f.id)).size, exchangeFormats.length);
  assert.equal(exchangeFormat('hash-set-entry', 'csv').id, 'csv');
  assert.throws(() => exchangeFormat('hash-set-entry', 'xml'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION' && /vics, csv/.test(e.message));
});
