// Objections over HTTP: multipart filing with evidence and consent, enforcement at enrollment,
// reach, the training manifest and withdrawal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../../testing/fake-face-engine.ts';

let h: ApiHarness;
let gallery: string;
let officer: string;
let operator: string;

before(async () => {
  h = await apiHarness();
  gallery = (await h.call('POST', '/v1/galleries', h.adminToken, { name: 'G', kind: 'face', legalBasis: 'x', purposes: ['p'], retentionDays: 30, modelId: fakeModelId })).json.id;
  const mk = async (name: string, roles: string[]) => {
    const u = await h.call('POST', '/v1/users', h.adminToken, { name, roles });
    return (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.json.id, label: name })).json.token as string;
  };
  officer = await mk('officer', ['owner-officer']);
  operator = await mk('operator', ['operator']);
});
after(() => h?.close());

test('file with evidence and consent → enrollment of a copy and of another photo refused per item → reach → manifest → withdraw', async () => {
  const evidence = fakeImage({ face: 'ida', variant: 0 });
  await h.upload(`/v1/galleries/${gallery}/enrollments`, operator, { source: 's', subjectRef: 'R-ida-old' }, [{ field: 'image', name: 'old.jpg', data: fakeImage({ face: 'ida', variant: 6 }) }]);
  const filed = await h.upload('/v1/objections', officer, { reference: 'DSR-77', purposes: ['search', 'ai-training'], consentRef: 'consent form 3' }, [{ field: 'evidence', name: 'ida.jpg', data: evidence }]);
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  assert.deepEqual(filed.json.reach.face, { reference: true, modelId: fakeModelId });
  assert.deepEqual(filed.json.matched, { exact: 0, perceptual: 0, audio: 0, face: 1 }, 'the photo enrolled before is found by the face stage');
  const id = filed.json.objection.id;

  const manifest = { 'copy.jpg': { subjectRef: 'R-1' }, 'new.jpg': { subjectRef: 'R-2' }, 'else.jpg': { subjectRef: 'R-3' } };
  const enr = await h.upload(`/v1/galleries/${gallery}/enrollments`, operator, { source: 'web', manifest: JSON.stringify(manifest) }, [
    { field: 'image', name: 'copy.jpg', data: evidence }, { field: 'image', name: 'new.jpg', data: fakeImage({ face: 'ida', variant: 2 }) }, { field: 'image', name: 'else.jpg', data: fakeImage({ face: 'jon' }) },
  ]);
  assert.equal(enr.status, 200);
  assert.deepEqual(enr.json.results.map((r: any) => [r.file, r.code ?? 'ok', r.details?.stage]), [['copy.jpg', 'ABG_ERR_OBJECTION', 'exact'], ['new.jpg', 'ABG_ERR_OBJECTION', 'face'], ['else.jpg', 'ok', undefined]]);

  const reach = await h.upload(`/v1/objections/${id}/reach`, officer, {}, [{ field: 'candidate', name: 'a.jpg', data: evidence }, { field: 'candidate', name: 'b.jpg', data: fakeImage({ face: 'kim' }) }]);
  assert.equal(reach.status, 200, JSON.stringify(reach.json));
  assert.deepEqual(reach.json.results.map((r: any) => r.stage), ['exact', null]);

  const m = await h.call('POST', `/v1/galleries/${gallery}/manifest`, h.adminToken);
  assert.equal(m.status, 200, JSON.stringify(m.json));
  assert.deepEqual(m.json.excluded.map((e: any) => [e.subjectRef, e.stage, e.objectionId]), [['R-ida-old', 'face', id]]);
  assert.deepEqual(m.json.items.map((i: any) => i.subjectRef), ['R-3']);

  const shown = await h.call('GET', `/v1/objections/${id}`, officer);
  assert.equal(shown.json.matches.length, 1);
  const w = await h.call('POST', `/v1/objections/${id}/withdraw`, officer, { reason: 'withdrawn' });
  assert.equal(w.status, 200);
  assert.equal((await h.call('POST', `/v1/objections/${id}/withdraw`, officer, { reason: 'again' })).json.error.code, 'ABG_ERR_OBJECTION_NOT_ACTIVE');
  const after = await h.call('POST', `/v1/galleries/${gallery}/manifest`, h.adminToken);
  assert.deepEqual(after.json.excluded, []);
});

test('bad input: no evidence, unknown purpose, malformed hashes JSON → ABG_ERR_VALIDATION / ABG_ERR_MALFORMED_HASH', async () => {
  assert.equal((await h.upload('/v1/objections', officer, { reference: 'x', purposes: 'all' }, [])).json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.upload('/v1/objections', officer, { reference: 'x', purposes: 'marketing', hashes: '[]' }, [])).json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.upload('/v1/objections', officer, { reference: 'x', purposes: 'all', hashes: '{not json' }, [])).json.error.code, 'ABG_ERR_VALIDATION');
  assert.equal((await h.upload('/v1/objections', officer, { reference: 'x', purposes: 'all', hashes: JSON.stringify([{ kind: 'md5', value: 'abc' }]) }, [])).json.error.code, 'ABG_ERR_MALFORMED_HASH');
});
