// What the owner's officer decides on: the requesting agency by name, the case, the justification,
// the hit's score with its FMR and both examiners' findings — and never the owner's record ids to the requester.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userToken } from '../testing/api-harness.ts';
import { apiWorld } from '../testing/api-world.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const P = 'criminal-investigation';
const w = apiWorld(async (h) => {
  const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
  const bAdmin = b.json.admin.token;
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Mugshots', kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
  const aOp = await userToken(h, h.adminToken, 'a-op', ['operator']);
  const aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
  const bOp = await userToken(h, bAdmin, 'b-op', ['operator']);
  const examiners = [await userToken(h, bAdmin, 'b-ex1', ['examiner']), await userToken(h, bAdmin, 'b-ex2', ['examiner'])];
  await h.upload(`/v1/galleries/${g.json.id}/enrollments`, aOp, { source: 's', subjectRef: 'R-1' }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: 'p1', variant: 0 }) }]);
  await h.call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [g.json.id], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: true, reference: 'MoU' });
  const s = await h.upload('/v1/searches', bOp, { purpose: P, caseRef: 'B-CASE-9', authorisationRef: 'AG 3/26', mode: 'investigation', topK: '1' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'p1', variant: 1 }) }]);
  const hit = s.json.galleries[0].candidates[0].hitId;
  for (const [i, ex] of examiners.entries()) assert.equal((await h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: `finding ${i + 1}` })).status, 200);
  const disclosure = (await h.call('POST', `/v1/hits/${hit}/disclosures`, bOp, { justification: 'arrest warrant' })).json.disclosure.id;
  return { aOfficer, bOp, disclosure, hit };
});

test("the owner's officer sees who asks, on which case, why, how strong the hit is and what both examiners found", async () => {
  const r = await w.h.call('GET', '/v1/disclosures', w.aOfficer);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const d = r.json.disclosures.find((x: any) => x.id === w.disclosure);
  assert.equal(d.requesterAgencyName, 'Agency B');
  assert.equal(d.caseRef, 'B-CASE-9');
  assert.equal(d.purpose, P);
  assert.equal(d.justification, 'arrest warrant');
  const found = (await w.h.call('GET', `/v1/hits/${w.hit}`, w.bOp)).json;
  assert.equal(d.score, found.score);
  assert.equal(d.fmrAtScore, found.fmrAtScore);
  assert.deepEqual(d.findings.map((f: any) => [f.decision, f.note]), [['match', 'finding 1'], ['match', 'finding 2']]);
  assert.deepEqual((await w.h.call('GET', `/v1/disclosures/${w.disclosure}`, w.aOfficer)).json, d);
});

test('the requester gets the same facts and no subject id of the owner', async () => {
  const d = (await w.h.call('GET', `/v1/disclosures/${w.disclosure}`, w.bOp)).json;
  assert.equal(d.requesterAgencyName, 'Agency B');
  assert.equal(d.findings.length, 2);
  assert.equal('subjectId' in d, false);
  assert.equal(JSON.stringify(d).includes('sampleId'), false);
});
