// An agency may let one examiner decide where its law allows it; the basis is recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

test('reviewsRequired 1 needs a legal basis, and then one examiner decides a hit', async () => {
  const h = await apiHarness();
  try {
    const me = (await h.call('GET', '/v1/me', h.adminToken)).json;
    const noBasis = await h.call('PATCH', `/v1/agencies/${me.agencyId}`, h.adminToken, { reviewsRequired: 1 });
    assert.equal(noBasis.json.error.code, 'ABG_ERR_VALIDATION');
    const set = await h.call('PATCH', `/v1/agencies/${me.agencyId}`, h.adminToken, { reviewsRequired: 1, singleReviewBasis: 'Landesgesetz §12' });
    assert.equal(set.json.reviewsRequired, 1);
    assert.equal(set.json.singleReviewBasis, 'Landesgesetz §12');

    const mk = async (name: string, roles: string[]) => {
      const u = (await h.call('POST', '/v1/users', h.adminToken, { name, roles })).json;
      return (await h.call('POST', '/v1/tokens', h.adminToken, { userId: u.id, label: name })).json.token as string;
    };
    const op = await mk('op', ['operator']);
    const ex = await mk('ex', ['examiner']);
    const g = (await h.call('POST', '/v1/galleries', h.adminToken, { name: 'G', kind: 'face', legalBasis: 'x', purposes: ['p'], retentionDays: 10, modelId: fakeModelId })).json;
    await h.upload(`/v1/galleries/${g.id}/enrollments`, op, { source: 's', subjectRef: 'R1' }, [{ field: 'image', name: 'a.jpg', data: fakeImage({ face: 'alice' }) }]);
    const s = await h.upload('/v1/searches', op, { purpose: 'p', caseRef: 'c', authorisationRef: 'a', mode: 'investigation', topK: '1' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'alice', variant: 3 }) }]);
    const hit = s.json.galleries[0].candidates[0].hitId;
    const r = await h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'one review suffices here' });
    assert.equal(r.json.hit.state, 'confirmed');
    assert.equal(r.json.hit.reviewsRequired, 1);

    const back = await h.call('PATCH', `/v1/agencies/${me.agencyId}`, h.adminToken, { reviewsRequired: 2 });
    assert.equal(back.json.singleReviewBasis, null);
  } finally {
    await h.close();
  }
});
