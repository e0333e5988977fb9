// Circulated notices over HTTP with the fake face engine: every bad input of the issue is a coded
// error that changes nothing, and the flow from draft to withdrawal keeps each side to what it may see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const PURPOSE = 'criminal-investigation';
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

interface Agency { id: string; admin: string; op: string; op2: string; officer: string; officer2: string; examiner: string; examiner2: string; gallery: string }

describe('circulated notices', () => {
  let h: ApiHarness;
  let A: Agency;
  let B: Agency;
  let C: Agency;

  async function agency(name: string, host = false): Promise<Agency> {
    const admin = host ? h.adminToken : (await h.call('POST', '/v1/agencies', h.adminToken, { name, adminName: `${name}-admin` })).json.admin.token;
    const id = host ? h.hostAgencyId : (await h.call('GET', '/v1/agencies', admin)).json.agencies.find((a: { name: string }) => a.name === name).id;
    const g = await h.call('POST', '/v1/galleries', admin, { name: `${name} custody`, kind: 'face', legalBasis: 'BKAG §16', purposes: [PURPOSE], retentionDays: 3650, modelId: fakeModelId });
    assert.equal(g.status, 201, JSON.stringify(g.json));
    const u = (n: string, roles: string[]) => userToken(h, admin, `${name}-${n}`, roles);
    return {
      id, admin, gallery: g.json.id, op: await u('op', ['operator']), op2: await u('op2', ['operator']), officer: await u('officer', ['owner-officer', 'operator']),
      officer2: await u('officer2', ['owner-officer']), examiner: await u('ex1', ['examiner']), examiner2: await u('ex2', ['examiner']),
    };
  }

  const enroll = (x: Agency, ref: string, face: string, variant: number) =>
    h.upload(`/v1/galleries/${x.gallery}/enrollments`, x.op, { source: 'custody', subjectRef: ref, coreData: JSON.stringify({ name: `Name of ${ref}` }) }, [{ field: 'image', name: `${ref}.json`, data: fakeImage({ face, variant }) }]);

  const draft = (x: Agency, fields: Record<string, string | string[]>, face: string | null = 'unknown-1') =>
    h.upload('/v1/notices', x.officer, { purpose: PURPOSE, legalBasis: 'StPO §131a', caseRef: 'CASE-7', description: 'Unknown man, found in seized phone', recipients: [B.id, C.id], validUntil: inDays(30), ...fields }, [{ field: 'probe', name: 'probe.json', data: fakeImage({ face, variant: 1 }) }]);

  const issuedCount = async () => (await h.call('GET', '/v1/notices', A.officer)).json.notices.length;

  before(async () => {
    h = await apiHarness();
    A = await agency('A', true);
    B = await agency('B');
    C = await agency('C');
    assert.equal((await enroll(C, 'C-17', 'unknown-1', 2)).status, 200);
    assert.equal((await enroll(C, 'C-18', 'someone-else', 0)).status, 200);
  });
  after(async () => {
    await h.close();
    rmSync(h.dataDir, { recursive: true, force: true });
  });

  test('bad drafts are coded errors and leave no notice behind', async () => {
    const cases: [string, Record<string, string | string[]>, string, string | null][] = [
      ['no legal basis', { legalBasis: '' }, 'ABG_ERR_NOTICE_INVALID', 'unknown-1'],
      ['no recipients', { recipients: [] }, 'ABG_ERR_NOTICE_INVALID', 'unknown-1'],
      ['unknown agency', { recipients: ['no-such-agency'] }, 'ABG_ERR_NOTICE_UNKNOWN_RECIPIENT', 'unknown-1'],
      ['past its validity', { validUntil: inDays(-1) }, 'ABG_ERR_NOTICE_INVALID', 'unknown-1'],
      ['image without a face', {}, 'ABG_ERR_NO_FACE', null],
    ];
    for (const [what, fields, code, face] of cases) {
      const r = await draft(A, fields, face);
      assert.equal(r.json?.error?.code, code, `${what}: ${JSON.stringify(r.json)}`);
    }
    assert.equal(await issuedCount(), 0);
  });

  test('the whole flow: four eyes, decline, accept, standing search, review, hit, step 2, withdrawal', async () => {
    const d = await draft(A, {});
    assert.equal(d.status, 201, JSON.stringify(d.json));
    const id = d.json.notice.id;
    // Nothing reaches a recipient before approval.
    assert.equal((await h.call('GET', '/v1/notices/inbox', B.officer)).json.notices.length, 0);
    assert.equal((await h.call('GET', `/v1/notices/${id}`, B.officer)).json.error.code, 'ABG_ERR_NOT_FOUND');
    // The creator may not approve; an operator may not either.
    assert.equal((await h.call('POST', `/v1/notices/${id}/approve`, A.officer)).json.error.code, 'ABG_ERR_NOTICE_FOUR_EYES');
    assert.equal((await h.call('POST', `/v1/notices/${id}/approve`, A.op)).json.error.code, 'ABG_ERR_FORBIDDEN');
    const ok = await h.call('POST', `/v1/notices/${id}/approve`, A.officer2);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(ok.json.notice.state, 'circulated');
    assert.equal((await h.call('POST', `/v1/notices/${id}/approve`, A.officer2)).json.error.code, 'ABG_ERR_NOTICE_STATE');

    // B declines; an operator of B may not answer.
    assert.equal((await h.call('POST', `/v1/notices/${id}/decline`, B.op, { reason: 'no legal basis here' })).json.error.code, 'ABG_ERR_FORBIDDEN');
    assert.equal((await h.call('POST', `/v1/notices/${id}/decline`, B.officer, { reason: 'No comparable offence under our law' })).status, 200);
    assert.equal((await h.call('POST', `/v1/notices/${id}/accept`, B.officer, { galleryIds: [B.gallery] })).json.error.code, 'ABG_ERR_NOTICE_STATE');

    // C accepts: one candidate (C-17) now; accepting twice is refused.
    const inbox = (await h.call('GET', '/v1/notices/inbox', C.officer)).json.notices;
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0].description, 'Unknown man, found in seized phone');
    const acc = await h.call('POST', `/v1/notices/${id}/accept`, C.officer, { galleryIds: [C.gallery] });
    assert.equal(acc.status, 200, JSON.stringify(acc.json));
    assert.equal(acc.json.potentialHits, 1);
    assert.equal((await h.call('POST', `/v1/notices/${id}/accept`, C.officer, { galleryIds: [C.gallery] })).json.error.code, 'ABG_ERR_NOTICE_STATE');

    // The standing search catches a later enrollment of the same person under another reference.
    assert.equal((await enroll(C, 'C-99', 'unknown-1', 3)).status, 200);
    assert.equal((await enroll(C, 'C-100', 'third-person', 0)).status, 200);
    const hits = (await h.call('GET', '/v1/hits?state=pending', C.examiner)).json.hits;
    assert.equal(hits.length, 2);

    // Before review the issuer sees only "pending"; never a gallery, subject or score.
    let issued = (await h.call('GET', `/v1/notices/${id}`, A.op)).json.issued;
    const atC = issued.recipients.find((r: { agencyId: string }) => r.agencyId === C.id);
    const atB = issued.recipients.find((r: { agencyId: string }) => r.agencyId === B.id);
    assert.deepEqual([atB.state, atB.reason, atC.state, atC.answer, atC.references], ['declined', 'No comparable offence under our law', 'accepted', 'pending', []]);
    assert.ok(!JSON.stringify(issued).includes(C.gallery));

    for (const hit of hits) {
      for (const ex of [C.examiner, C.examiner2]) assert.equal((await h.call('POST', `/v1/hits/${hit.hitId}/reviews`, ex, { decision: 'match', note: 'same person' })).status, 200);
    }
    issued = (await h.call('GET', `/v1/notices/${id}`, A.op)).json.issued;
    const answer = issued.recipients.find((r: { agencyId: string }) => r.agencyId === C.id);
    assert.equal(answer.answer, 'hit');
    assert.equal(answer.references.length, 2);

    // Step 2: A asks, C's officer approves, A reads the core data for the notice's case.
    const req = await h.call('POST', `/v1/notices/${id}/disclosure-requests`, A.op, { reference: answer.references[0], justification: 'identify the suspect' });
    assert.equal(req.status, 201, JSON.stringify(req.json));
    const disclosureId = req.json.disclosure.id;
    const seen = await h.call('GET', `/v1/disclosures/${disclosureId}`, A.op);
    assert.deepEqual([seen.json.score, seen.json.findings], [0, []]);
    assert.equal((await h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=CASE-7`, A.op)).json.error.code, 'ABG_ERR_DISCLOSURE_NOT_APPROVED');
    assert.equal((await h.call('POST', `/v1/disclosures/${disclosureId}/decision`, C.officer, { approve: true, note: 'lawful' })).status, 200);
    const core = await h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=CASE-7`, A.op);
    assert.equal(core.status, 200, JSON.stringify(core.json));
    assert.match(core.json.coreData.name, /^Name of C-(17|99)$/);

    // The log counts every step per agency and year.
    const auditor = await userToken(h, A.admin, 'A-auditor', ['auditor']);
    const year = new Date().toISOString().slice(0, 4);
    const counts = (await h.call('GET', '/v1/notices/statistics?agency=*', auditor)).json.rows;
    const of = (x: Agency) => counts.find((r: { agency: string; year: string }) => r.agency === x.id && r.year === year);
    assert.deepEqual({ ...of(A), agency: 'A' }, { agency: 'A', year, issued: 1, received: 0, accepted: 0, declined: 0, answered: 0, hit: 0, disclosed: 0 });
    assert.deepEqual({ ...of(B), agency: 'B' }, { agency: 'B', year, issued: 0, received: 1, accepted: 0, declined: 1, answered: 0, hit: 0, disclosed: 0 });
    assert.deepEqual({ ...of(C), agency: 'C' }, { agency: 'C', year, issued: 0, received: 1, accepted: 1, declined: 0, answered: 2, hit: 2, disclosed: 1 });

    // Withdrawal destroys the probe; answering afterwards is refused.
    const w = await h.call('POST', `/v1/notices/${id}/withdraw`, A.officer2);
    assert.equal(w.json.notice.state, 'withdrawn');
    assert.equal(w.json.notice.probeKept, false);
    assert.equal((await h.call('GET', `/v1/notices/${id}/probe`, C.officer)).json.error.code, 'ABG_ERR_NOTICE_ENDED');
    assert.equal((await h.call('GET', `/v1/hits/${hits[0].hitId}/probe-image`, C.examiner)).json.error.code, 'ABG_ERR_NOT_FOUND');
    const before = await h.call('GET', '/v1/notices/inbox', B.officer);
    assert.equal((await h.call('POST', `/v1/notices/${id}/decline`, C.officer, { reason: 'late' })).json.error.code, 'ABG_ERR_NOTICE_ENDED');
    assert.deepEqual((await h.call('GET', '/v1/notices/inbox', B.officer)).json, before.json);
    // A standing search no longer runs.
    assert.equal((await enroll(C, 'C-101', 'unknown-1', 4)).status, 200);
    assert.equal((await h.call('GET', '/v1/hits?state=pending', C.examiner)).json.hits.length, 0);
  });

  test('"all" reaches the agencies that accept notices for the purpose; settings are the officers\'', async () => {
    assert.equal((await h.call('POST', '/v1/notices/settings', B.op, { purposes: [PURPOSE] })).json.error.code, 'ABG_ERR_FORBIDDEN');
    const d = await draft(A, { recipients: 'all', caseRef: 'CASE-8' });
    assert.equal(d.status, 201, JSON.stringify(d.json));
    assert.equal((await h.call('POST', `/v1/notices/${d.json.notice.id}/approve`, A.officer2)).json.error.code, 'ABG_ERR_NOTICE_UNKNOWN_RECIPIENT');
    assert.equal((await h.call('POST', '/v1/notices/settings', B.officer, { purposes: [PURPOSE] })).status, 200);
    const ok = await h.call('POST', `/v1/notices/${d.json.notice.id}/approve`, A.officer2);
    assert.deepEqual(ok.json.notice.recipients.map((r: { agencyId: string }) => r.agencyId), [B.id]);
    assert.equal((await h.call('GET', `/v1/notices/${d.json.notice.id}`, C.officer)).json.error.code, 'ABG_ERR_NOT_FOUND');
  });

  test('expiry ends a notice and destroys its probe', async () => {
    const d = await draft(A, { caseRef: 'CASE-9' });
    const id = d.json.notice.id;
    await h.call('POST', `/v1/notices/${id}/approve`, A.officer2);
    const realNow = h.services.deps.now;
    h.services.deps.now = () => new Date(Date.now() + 31 * 86_400_000);
    try {
      assert.equal((await h.call('POST', `/v1/notices/${id}/accept`, C.officer, { galleryIds: [C.gallery] })).json.error.code, 'ABG_ERR_NOTICE_ENDED');
      // This notice and the one to all agencies above are both past their validity then.
      assert.equal(await h.services.personNotices.expireAll(), 2);
    } finally {
      h.services.deps.now = realNow;
    }
    const n = (await h.call('GET', `/v1/notices/${id}`, A.op)).json.issued;
    assert.deepEqual([n.state, n.probeKept], ['expired', false]);
  });
});
