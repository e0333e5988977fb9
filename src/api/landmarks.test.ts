// Landmarks for the examiner's overlay: the search answer places the probe face, and a hit's
// faces endpoint places both faces, the candidate's only where the agreement shows its image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const P = 'criminal-investigation';

test('search answers the probe face box and landmarks; hit faces follow the agreement', async () => {
  const h = await apiHarness({ rateLimitPerMinute: 100_000 });
  try {
    const mk = async (admin: string, name: string, roles: string[]) => {
      const u = (await h.call('POST', '/v1/users', admin, { name, roles })).json;
      return (await h.call('POST', '/v1/tokens', admin, { userId: u.id, label: name })).json.token as string;
    };
    const b = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'B', adminName: 'b-admin' })).json;
    const aOp = await mk(h.adminToken, 'a-op', ['operator']);
    const officer = await mk(h.adminToken, 'a-officer', ['owner-officer']);
    const bOp = await mk(b.admin.token, 'b-op', ['operator']);
    const bEx = await mk(b.admin.token, 'b-ex', ['examiner']);
    const gallery = async (name: string, showImages: boolean) => {
      const g = (await h.call('POST', '/v1/galleries', h.adminToken, { name, kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 30, modelId: fakeModelId })).json;
      await h.upload(`/v1/galleries/${g.id}/enrollments`, aOp, { source: 's', subjectRef: `R-${name}` }, [{ field: 'image', name: 'a.jpg', data: fakeImage({ face: 'alice' }) }]);
      await h.call('POST', '/v1/agreements', officer, { requesterAgencyId: b.agency.id, galleryIds: [g.id], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages, reference: 'r' });
      return g.id as string;
    };
    const shown = await gallery('shown', true);
    const hidden = await gallery('hidden', false);
    const search = await h.upload('/v1/searches', bOp, { purpose: P, caseRef: 'C', authorisationRef: 'A', mode: 'investigation' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'alice', variant: 3 }) }]);
    assert.equal(search.status, 200, JSON.stringify(search.json));
    const face = search.json.probeFace;
    const [x, y, w, hh] = face.box;
    assert.equal(face.landmarks.length, 7);
    for (const l of face.landmarks) assert.ok(l.x > x && l.x < x + w && l.y > y && l.y < y + hh, `${l.name} lies inside the box`);
    const eyes = face.landmarks.filter((l: { name: string }) => /Eye/.test(l.name));
    const mouth = face.landmarks.filter((l: { name: string }) => /mouth/.test(l.name));
    assert.ok(Math.max(...eyes.map((l: { y: number }) => l.y)) < Math.min(...mouth.map((l: { y: number }) => l.y)), 'eyes above the mouth');

    const hitIn = (g: string) => search.json.galleries.find((x: { galleryId: string }) => x.galleryId === g).candidates[0].hitId;
    const open = await h.call('GET', `/v1/hits/${hitIn(shown)}/faces`, bEx);
    assert.equal(open.status, 200, JSON.stringify(open.json));
    assert.equal(open.json.probe.landmarks.length, 7);
    assert.equal(open.json.candidate.landmarks.length, 7);
    const closed = await h.call('GET', `/v1/hits/${hitIn(hidden)}/faces`, bEx);
    assert.equal(closed.status, 200);
    assert.equal(closed.json.candidate, null, 'nothing of a hidden gallery image, not even where its face is');
    assert.equal(closed.json.probe.landmarks.length, 7);
    assert.equal((await h.call('GET', `/v1/hits/${hitIn(shown)}/faces`, bOp)).status, 403, 'examiners only, like the images');
    assert.equal((await h.call('GET', `/v1/hits/${hitIn(shown)}/faces`, aOp)).status, 404, 'the owner does not see the requester’s hits');
  } finally {
    await h.close();
  }
});
