import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVics, toVics } from './vics.ts';
import { AbgError } from '../domain/errors.ts';

const MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';

test('VICS: imports good Media entries and reports each malformed one by index', () => {
  const doc = {
    'odata.metadata': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/CUSTOM/$metadata#Cases',
    value: [{ CaseNumber: 'X', Media: [
      { MediaID: 1, Category: 1, MD5, SHA1, Name: 'a.jpg' },
      { MediaID: 2, Category: 2, MD5: 'zz' },
      { MediaID: 3, MD5 },
      { MediaID: 4, Category: 0, SHA1: SHA1.toLowerCase() },
      { MediaID: 5, Category: 1 },
      'junk',
    ] }],
  };
  const r = parseVics(JSON.stringify(doc));
  assert.deepEqual(r.records, [
    { category: '1', md5: MD5.toLowerCase(), sha1: SHA1.toLowerCase(), sourceId: '1', name: 'a.jpg' },
    { category: '0', sha1: SHA1.toLowerCase(), sourceId: '4' },
  ]);
  assert.deepEqual(r.errors.map((e) => e.row), [1, 2, 4, 5]);
  assert.match(r.errors[0]!.reason, /md5/);
  assert.deepEqual(parseVics(toVics(r.records)).records, r.records, 'export then import round-trips');
});

test('VICS: a document that is not JSON or has no Media gives a coded error', () => {
  assert.throws(() => parseVics('{'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_MALFORMED_JSON');
  assert.throws(() => parseVics('{"x":1}'), (e: unknown) => e instanceof AbgError && e.code === 'ABG_ERR_VALIDATION');
});

