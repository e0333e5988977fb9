import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsvRows, parseHashsetCsv, toHashsetCsv } from './hashset-csv.ts';
import { AbgError } from '../domain/errors.ts';

const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';

test('CSV: header in any order and case, quoted fields, malformed rows reported by line', () => {
  const csv = [
    'Name,Category,MD5,SHA1',
    `"photo, one.jpg",1,${MD5},`,
    `bad.jpg,1,notahash,`,
    `two.jpg,,${MD5},`,
    `"multi`,
    `line.jpg",2,,${SHA1}`,
    `short,1`,
    `nohash.jpg,1,,`,
    '',
  ].join('\r\n');
  const r = parseHashsetCsv(csv);
  assert.deepEqual(r.records, [
    { category: '1', md5: MD5.toLowerCase(), name: 'photo, one.jpg' },
    { category: '2', sha1: SHA1.toLowerCase(), name: 'multi\r\nline.jpg' },
  ]);
  assert.deepEqual(r.errors.map((e) => e.row), [3, 4, 7, 8]);
  assert.deepEqual(parseHashsetCsv(toHashsetCsv(r.records)).records, r.records, 'export then import round-trips');
});

test('CSV: a header without hash columns is refused as a whole', () => {
  assert.throws(() => parseHashsetCsv('name,category\na,1\n'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
  assert.equal(parseHashsetCsv(`md5\n${MD5}\n`, 'known').records[0]!.category, 'known');
});

test('CSV export neutralises formula cells (= + - @ tab CR) with a leading quote, and import reads the original back', () => {
  const records = [
    { category: '+1', md5: MD5.toLowerCase(), name: "=cmd|' /C calc'!A0", sourceId: '@SUM(1+1)' },
    { category: '-2', md5: MD5.toLowerCase(), name: '\t=1+1' },
    { category: '1', md5: MD5.toLowerCase(), name: '\r=HYPERLINK("http://127.0.0.1")' },
    { category: '1', md5: MD5.toLowerCase(), name: "'=already quoted", sourceId: "''-x" },
    { category: '1', md5: MD5.toLowerCase(), name: "it's fine", sourceId: "'plain" },
  ];
  const csv = toHashsetCsv(records);
  const cells = parseCsvRows(csv).slice(1).flatMap((r) => r.fields);
  const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
  assert.deepEqual(risky, [], 'no cell starts a formula');
  assert.ok(cells.includes("'=cmd|' /C calc'!A0"));
  assert.ok(cells.includes("it's fine") && cells.includes("'plain"), 'other values are written as they are');
  assert.deepEqual(parseHashsetCsv(csv).records, records, 'import reads the original values back');
});

test('CSV import strips the neutralising quote of a list written elsewhere the same way', () => {
  const r = parseHashsetCsv(`md5,category,name\n${MD5},'+4,'=A1\n`);
  assert.deepEqual(r.records, [{ category: '+4', md5: MD5.toLowerCase(), name: '=A1' }]);
});
