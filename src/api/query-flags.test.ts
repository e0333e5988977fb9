// Boolean query flags read "false" as false: a client that spells the default out gets it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

test('includeErased=false hides erased subjects, =true shows them, anything else is refused', async () => {
  const h = await apiHarness({ rateLimitPerMinute: 100_000 });
  try {
    const u = (await h.call('POST', '/v1/users', h.adminToken, { name: 'op', roles: ['operator'] })).json;
    const op = (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.id, label: 'op' })).json.token as string;
    const g = (await h.call('POST', '/v1/galleries', h.adminToken, { name: 'g', kind: 'face', legalBasis: 'x', purposes: ['criminal-investigation'], retentionDays: 30, modelId: fakeModelId })).json;
    const enrolled = await h.upload(`/v1/galleries/${g.id}/enrollments`, op, { source: 's', subjectRef: 'R-1' }, [{ field: 'image', name: 'a.jpg', data: fakeImage({ face: 'alice' }) }]);
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    const list = (q: string) => h.call('GET', `/v1/galleries/${g.id}/subjects${q}`, op);
    const [subject] = (await list('')).json.subjects;
    assert.equal((await h.call('DELETE', `/v1/subjects/${subject.id}`, h.adminToken, { reason: 'request of the data subject' })).status, 200);
    assert.equal((await list('')).json.subjects.length, 0);
    assert.equal((await list('?includeErased=false')).json.subjects.length, 0);
    assert.equal((await list('?includeErased=true')).json.subjects.length, 1);
    assert.equal((await list('?includeErased=1')).json.subjects.length, 1);
    const bad = await list('?includeErased=yes');
    assert.equal(bad.status, 400);
    assert.match(bad.json.error.code, /^ABG_ERR_/);
  } finally {
    await h.close();
  }
});
