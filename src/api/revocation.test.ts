// What a revoked agreement still allows (docs/workflow.md, "When an agreement ends"): nothing new
// under it — no search, no disclosure request, no approval of a pending one, no 1:1 verification of
// a disclosed subject (by subject id or by the disclosure as reference), no further release of core
// data — while the records of the case stay readable.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { agreementId, apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';

const PURPOSE = 'criminal-investigation';
const CASE = 'B-CASE-9';
const caseFields = (caseRef = CASE) => ({ purpose: PURPOSE, caseRef, authorisationRef: 'AG-B 3/26' });
const probe = (face: string, variant = 1) => [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face, variant }) }];

interface World { h: ApiHarness; aOp: string; aOfficer: string; bOp: string; bEx1: string; bEx2: string; agreement: string; gallery: string }

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<World> {
  const h = await apiHarness({}, { dialect });
  const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
  const bAdmin = b.json.admin.token;
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Mugshots', kind: 'face', legalBasis: 'BKAG §16', purposes: [PURPOSE], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
  const w: World = {
    h, gallery: g.json.id, agreement: '',
    aOp: await userToken(h, h.adminToken, 'a-op', ['operator']), aOfficer: await userToken(h, h.adminToken, 'a-officer', ['owner-officer']),
    bOp: await userToken(h, bAdmin, 'b-op', ['operator']), bEx1: await userToken(h, bAdmin, 'b-ex1', ['examiner']), bEx2: await userToken(h, bAdmin, 'b-ex2', ['examiner']),
  };
  for (let i = 0; i < 4; i++) {
    const r = await h.upload(`/v1/galleries/${w.gallery}/enrollments`, w.aOp, { source: 's', subjectRef: `R-${i}`, coreData: JSON.stringify({ name: `Secret Name ${i}` }) }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: `p${i}`, variant: 0 }) }]);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  w.agreement = await agreementId(h, w.aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [w.gallery], purposes: [PURPOSE], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: true, reference: 'MoU' });
  return w;
}

async function confirmedHit(w: World, face: string): Promise<string> {
  const s = await w.h.upload('/v1/searches', w.bOp, { ...caseFields(), mode: 'investigation', topK: '1' }, probe(face));
  assert.equal(s.status, 200, JSON.stringify(s.json));
  const hit = s.json.galleries[0].candidates[0].hitId;
  for (const ex of [w.bEx1, w.bEx2]) assert.equal((await w.h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'same' })).status, 200);
  return hit;
}

const subjectOf = async (w: World, ref: string) => (await w.h.call('GET', `/v1/galleries/${w.gallery}/subjects`, w.aOp)).json.subjects.find((s: any) => s.ref === ref).id;

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`revoking an agreement on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
    let w: World;
    let approved = '';
    let pending = '';
    let hitWithoutRequest = '';
    let s1 = '';
    before(async () => {
      w = await setUp(dialect);
      const hit1 = await confirmedHit(w, 'p1');
      approved = (await w.h.call('POST', `/v1/hits/${hit1}/disclosures`, w.bOp, { justification: 'suspect' })).json.disclosure.id;
      assert.equal((await w.h.call('POST', `/v1/disclosures/${approved}/decision`, w.aOfficer, { approve: true, note: 'justified' })).status, 200);
      const hit2 = await confirmedHit(w, 'p2');
      pending = (await w.h.call('POST', `/v1/hits/${hit2}/disclosures`, w.bOp, { justification: 'suspect' })).json.disclosure.id;
      hitWithoutRequest = await confirmedHit(w, 'p3');
      s1 = await subjectOf(w, 'R-1');
    });
    after(async () => { await w?.h.close(); });

    test('while the agreement is valid, a disclosed subject is verified for the case of its disclosure only', async () => {
      const same = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), subjectId: s1 }, probe('p1', 2));
      assert.equal(same.status, 200, JSON.stringify(same.json));
      assert.equal(same.json.decision, 'match');
      const other = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields('B-OTHER-CASE'), subjectId: s1 }, probe('p1', 2));
      assert.equal(other.status, 403, JSON.stringify(other.json));
      assert.equal(other.json.error.code, 'ABG_ERR_FORBIDDEN');
      assert.equal((await w.h.call('GET', `/v1/disclosures/${approved}/core-data?caseRef=${CASE}`, w.bOp)).status, 200);
    });

    test('the requester verifies the disclosed subject by the disclosure as reference, never learning its id', async () => {
      const byRef = (disclosureId: string, caseRef = CASE, token = w.bOp) => w.h.upload('/v1/verifications', token, { ...caseFields(caseRef), disclosureId }, probe('p1', 2));
      const same = await byRef(approved);
      assert.equal(same.status, 200, JSON.stringify(same.json));
      assert.equal(same.json.decision, 'match');
      assert.doesNotMatch(JSON.stringify(same.json), new RegExp(s1), 'the answer names no internal subject id');
      const entry = (await w.h.runtime.auditLog.query({ action: 'verification' }, { limit: 1, offset: 0 })).entries[0]!.entry;
      assert.deepEqual(entry.result?.ids, [approved], 'the log names the disclosure the verification rests on');
      const stranger = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), disclosureId: approved }, probe('p2', 2));
      assert.equal(stranger.json.decision, 'no-match');

      const otherCase = await byRef(approved, 'B-OTHER-CASE');
      assert.equal(otherCase.status, 403, JSON.stringify(otherCase.json));
      assert.equal(otherCase.json.error.code, 'ABG_ERR_FORBIDDEN');
      const beforeApproval = await byRef(pending);
      assert.equal(beforeApproval.status, 403, JSON.stringify(beforeApproval.json));
      assert.equal(beforeApproval.json.error.code, 'ABG_ERR_DISCLOSURE_NOT_APPROVED');
      const owner = await byRef(approved, CASE, w.aOp);
      assert.equal(owner.status, 404, 'a disclosure is a reference for its requester only');
      const unknown = await byRef('no-such-disclosure');
      assert.equal(unknown.status, 404);
      const both = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), disclosureId: approved, subjectId: s1 }, probe('p1', 2));
      assert.equal(both.json.error.code, 'ABG_ERR_VALIDATION');
      const neither = await w.h.upload('/v1/verifications', w.bOp, caseFields(), probe('p1', 2));
      assert.equal(neither.json.error.code, 'ABG_ERR_VALIDATION');
    });

    test('after revocation: no search, no disclosure request, no approval, no verification, no further core data', async () => {
      assert.equal((await w.h.call('POST', `/v1/agreements/${w.agreement}/revoke`, w.aOfficer)).json.agreement.status, 'revoked');

      const search = await w.h.upload('/v1/searches', w.bOp, { ...caseFields(), mode: 'investigation' }, probe('p1'));
      assert.equal(search.json.error.code, 'ABG_ERR_NO_AGREEMENT');

      const request = await w.h.call('POST', `/v1/hits/${hitWithoutRequest}/disclosures`, w.bOp, { justification: 'suspect' });
      assert.equal(request.status, 403, JSON.stringify(request.json));
      assert.equal(request.json.error.code, 'ABG_ERR_AGREEMENT_ENDED');
      assert.deepEqual((await w.h.call('GET', '/v1/disclosures', w.bOp)).json.disclosures.map((d: any) => d.id).sort(), [approved, pending].sort(), 'no disclosure was created');

      const approve = await w.h.call('POST', `/v1/disclosures/${pending}/decision`, w.aOfficer, { approve: true, note: 'late' });
      assert.equal(approve.status, 403, JSON.stringify(approve.json));
      assert.equal(approve.json.error.code, 'ABG_ERR_AGREEMENT_ENDED');
      assert.equal((await w.h.call('GET', `/v1/disclosures/${pending}`, w.aOfficer)).json.state, 'pending');
      const deny = await w.h.call('POST', `/v1/disclosures/${pending}/decision`, w.aOfficer, { approve: false, note: 'agreement revoked' });
      assert.equal(deny.json.disclosure.state, 'denied', 'a pending request can still be closed by denying it');

      const verify = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), subjectId: s1 }, probe('p1', 2));
      assert.equal(verify.status, 403, JSON.stringify(verify.json));
      assert.equal(verify.json.error.code, 'ABG_ERR_AGREEMENT_ENDED');

      const byRef = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), disclosureId: approved }, probe('p1', 2));
      assert.equal(byRef.status, 403, JSON.stringify(byRef.json));
      assert.equal(byRef.json.error.code, 'ABG_ERR_AGREEMENT_ENDED');
      const denied = await w.h.upload('/v1/verifications', w.bOp, { ...caseFields(), disclosureId: pending }, probe('p2', 2));
      assert.equal(denied.status, 403, JSON.stringify(denied.json));
      assert.equal(denied.json.error.code, 'ABG_ERR_DISCLOSURE_NOT_APPROVED', 'a denied disclosure is no reference');

      const core = await w.h.call('GET', `/v1/disclosures/${approved}/core-data?caseRef=${CASE}`, w.bOp);
      assert.equal(core.status, 403, JSON.stringify(core.json));
      assert.equal(core.json.error.code, 'ABG_ERR_AGREEMENT_ENDED');
      assert.doesNotMatch(JSON.stringify(core.json), /Secret Name/);
    });

    test('after revocation the records of the case stay readable, and the owner still verifies its own subject', async () => {
      const d = await w.h.call('GET', `/v1/disclosures/${approved}`, w.bOp);
      assert.equal(d.status, 200);
      assert.equal(d.json.state, 'approved');
      assert.equal((await w.h.call('GET', `/v1/hits/${hitWithoutRequest}`, w.bOp)).json.state, 'confirmed');
      const own = await w.h.upload('/v1/verifications', w.aOp, { ...caseFields('A-CASE-1'), subjectId: s1 }, probe('p1', 2));
      assert.equal(own.json.decision, 'match');
    });
  });
}
