// Hash sets and triage over HTTP: VICS/CSV import with per-row errors, export round trip, fatal
// document errors writing nothing, and a triage upload with a hostile zip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../../testing/api-harness.ts';
import { makeZip } from '../../testing/make-zip.ts';
import { parseVics } from '../../interop/vics.ts';

let h: ApiHarness;
let op: string;
const enc = (s: string) => new TextEncoder().encode(s);
const fields = (name: string, format: 'vics' | 'csv') => ({ name, source: 'partner agency export', categoryScheme: 'vics', format });
const md5 = (c: string) => c.repeat(32);

before(async () => {
  h = await apiHarness();
  const u = await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] });
  op = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: 'op' })).json.token;
});
after(async () => { await h?.close(); });

test('VICS 2.0 import: malformed Media entries are reported by index, the rest imported; export round-trips', async () => {
  const doc = {
    'odata.metadata': 'http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/CUSTOM/$metadata#Cases',
    value: [{ Media: [
      { MediaID: 1, MD5: md5('A'), SHA1: 'b'.repeat(40), Category: 1 },
      { MediaID: 2, MD5: 'xyz', Category: 2 },
      { MediaID: 3, Category: 1 },
      { MediaID: 4, MD5: md5('c') },
      { MediaID: 5, MD5: md5('d'), Category: 3, Name: 'd.jpg' },
    ] }],
  };
  const r = await h.upload('/v1/hashsets', op, fields('Series A', 'vics'), [{ field: 'file', name: 'a.json', data: enc(JSON.stringify(doc)) }]);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.imported, 2);
  assert.deepEqual(r.json.errors.map((e: any) => e.row), [1, 2, 3]);
  const id = r.json.hashSet.id;
  const vics = await h.app.inject({ method: 'GET', url: `/v1/hashsets/${id}/export?format=vics`, headers: { authorization: `Bearer ${op}` } });
  assert.equal(vics.statusCode, 200);
  assert.match(String(vics.headers['content-type']), /application\/json/);
  const back = parseVics(vics.body);
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.records.map((x) => [x.md5, x.category]), [[md5('a'), '1'], [md5('d'), '3']]);
  const csv = await h.app.inject({ method: 'GET', url: `/v1/hashsets/${id}/export?format=csv`, headers: { authorization: `Bearer ${op}` } });
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.equal(csv.body.trim().split('\r\n').length, 3);
});

test('a document-level error (bad JSON, CSV without a hash column) writes nothing', async () => {
  const before = (await h.call('GET', '/v1/hashsets', op)).json.hashSets.length;
  const bad = await h.upload('/v1/hashsets', op, fields('Broken', 'vics'), [{ field: 'file', name: 'b.json', data: enc('{"value": [') }]);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'ABG_ERR_MALFORMED_JSON');
  const noHash = await h.upload('/v1/hashsets', op, fields('Broken', 'csv'), [{ field: 'file', name: 'b.csv', data: enc('name,category\nx,1\n') }]);
  assert.equal(noHash.json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.call('GET', '/v1/hashsets', op)).json.hashSets.length, before);
});

test('an import with no valid row is refused with ABG_ERR_NO_VALID_ROWS and writes no set and no log entry', async () => {
  const sets = (await h.call('GET', '/v1/hashsets', op)).json.hashSets.length;
  const logSize = await h.runtime.auditLog.size();
  const bad = await h.upload('/v1/hashsets', op, fields('Nothing valid', 'csv'), [{ field: 'file', name: 'n.csv', data: enc('md5,category\nxyz,1\n,2\n') }]);
  assert.equal(bad.status, 422, JSON.stringify(bad.json));
  assert.equal(bad.json.error.code, 'ABG_ERR_NO_VALID_ROWS');
  assert.deepEqual(bad.json.error.details.errors.map((e: any) => e.row), [2, 3]);
  const empty = await h.upload('/v1/hashsets', op, fields('Nothing valid', 'vics'), [{ field: 'file', name: 'n.json', data: enc(JSON.stringify({ value: [{ Media: [] }] })) }]);
  assert.equal(empty.status, 422, JSON.stringify(empty.json));
  assert.equal(empty.json.error.code, 'ABG_ERR_NO_VALID_ROWS');
  assert.equal((await h.call('GET', '/v1/hashsets', op)).json.hashSets.length, sets);
  assert.equal(await h.runtime.auditLog.size(), logSize);
});

test('CSV export writes formula-like names neutralised, and importing the export gives the same entries back', async () => {
  const doc = { value: [{ Media: [
    { MediaID: 1, MD5: md5('1'), Category: 1, Name: '=HYPERLINK("http://127.0.0.1/x","open")' },
    { MediaID: 2, MD5: md5('2'), Category: 2, Name: '@SUM(1+1)' },
  ] }] };
  const r = await h.upload('/v1/hashsets', op, fields('Formulas', 'vics'), [{ field: 'file', name: 'f.json', data: enc(JSON.stringify(doc)) }]);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const csv = await h.app.inject({ method: 'GET', url: `/v1/hashsets/${r.json.hashSet.id}/export?format=csv`, headers: { authorization: `Bearer ${op}` } });
  assert.equal(csv.statusCode, 200);
  assert.ok(csv.body.includes(`'@SUM(1+1)`) && csv.body.includes(`"'=HYPERLINK(`), csv.body);
  assert.doesNotMatch(csv.body, /(^|,|\n)"?[=@]/);
  const back = await h.upload('/v1/hashsets', op, fields('Formulas again', 'csv'), [{ field: 'file', name: 'f.csv', data: enc(csv.body) }]);
  assert.equal(back.status, 200, JSON.stringify(back.json));
  const again = await h.app.inject({ method: 'GET', url: `/v1/hashsets/${back.json.hashSet.id}/export?format=vics`, headers: { authorization: `Bearer ${op}` } });
  assert.deepEqual(parseVics(again.body).records.map((x) => x.name), [doc.value[0]!.Media[0]!.Name, doc.value[0]!.Media[1]!.Name]);
});

test('CSV import appends to a set of the same name', async () => {
  const a = await h.upload('/v1/hashsets', op, fields('Series C', 'csv'), [{ field: 'file', name: 'c.csv', data: enc(`md5,category\n${md5('e')},1\n`) }]);
  const b = await h.upload('/v1/hashsets', op, fields('Series C', 'csv'), [{ field: 'file', name: 'c.csv', data: enc(`md5,category\n${md5('f')},2\n`) }]);
  assert.equal(b.json.hashSet.id, a.json.hashSet.id);
  assert.equal(b.json.hashSet.entryCount, 2);
});

test('triage upload: a zip with an absolute path is one coded error, the other files are triaged and the report can be read back', async () => {
  const evil = makeZip([{ name: '/etc/passwd', data: Buffer.from('root') }]);
  const fine = makeZip([{ name: 'docs/note.txt', data: Buffer.from('hello') }]);
  const r = await h.upload('/v1/triage', op, { caseRef: 'T-1' }, [
    { field: 'file', name: 'evil.zip', data: evil }, { field: 'file', name: 'fine.zip', data: fine }, { field: 'file', name: 'loose.bin', data: enc('loose') },
  ]);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.results.map((x: any) => [x.file, x.verdict, x.error?.code ?? null]), [
    ['evil.zip', 'error', 'ABG_ERR_UNSAFE_ARCHIVE'], ['fine.zip/docs/note.txt', 'new', null], ['loose.bin', 'new', null],
  ]);
  const back = await h.call('GET', `/v1/triage/${r.json.run.id}`, op);
  assert.deepEqual(back.json.results, r.json.results);
});
