// Erasure and objections reach the recipients (LED Art. 16(6)), on SQLite and on PostgreSQL, with
// three agencies: A owns the gallery, B received a subject in step 2, C searched it without
// receiving anything. Only B is notified; B's copies act on the notice; B acknowledges.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { agreementId, apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';

const P = 'criminal-investigation';
const B_CASE = 'B-CASE-1';
const C_CASE = 'C-CASE-1';
const probe = (face: string, variant = 1) => [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face, variant }) }];

interface World {
  h: ApiHarness;
  gallery: string;
  agency: { a: string; b: string; c: string };
  a: { op: string; officer: string; auditor: string };
  b: { op: string; ex1: string; ex2: string; officer: string; admin: string };
  c: { op: string; ex1: string; ex2: string; officer: string };
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<World> {
  const h = await apiHarness({}, { dialect });
  const b = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' })).json;
  const c = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency C', adminName: 'c-admin' })).json;
  const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Mugshots', kind: 'face', legalBasis: 'BKAG §16', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  const bt = b.admin.token;
  const ct = c.admin.token;
  const w: World = {
    h, gallery: g.json.id, agency: { a: h.hostAgencyId, b: b.agency.id, c: c.agency.id },
    a: { op: await userToken(h, h.adminToken, 'a-op', ['operator']), officer: await userToken(h, h.adminToken, 'a-officer', ['owner-officer']), auditor: await userToken(h, h.adminToken, 'a-auditor', ['auditor']) },
    b: { op: await userToken(h, bt, 'b-op', ['operator']), ex1: await userToken(h, bt, 'b-ex1', ['examiner']), ex2: await userToken(h, bt, 'b-ex2', ['examiner']), officer: await userToken(h, bt, 'b-officer', ['owner-officer']), admin: bt },
    c: { op: await userToken(h, ct, 'c-op', ['operator']), ex1: await userToken(h, ct, 'c-ex1', ['examiner']), ex2: await userToken(h, ct, 'c-ex2', ['examiner']), officer: await userToken(h, ct, 'c-officer', ['owner-officer']) },
  };
  for (let i = 0; i < 4; i++) {
    const r = await h.upload(`/v1/galleries/${w.gallery}/enrollments`, w.a.op, { source: 's', subjectRef: `R-${i}`, coreData: JSON.stringify({ name: `Secret Name ${i}` }) }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: `p${i}`, variant: 0 }) }]);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  // B's examiners see gallery images; C's do not.
  for (const [requester, showImages] of [[w.agency.b, true], [w.agency.c, false]] as const) {
    await agreementId(h, w.a.officer, { requesterAgencyId: requester, galleryIds: [w.gallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages, reference: 'MoU' });
  }
  return w;
}

async function confirmedHit(w: World, side: World['b'] | World['c'], caseRef: string, face: string): Promise<string> {
  const s = await w.h.upload('/v1/searches', side.op, { purpose: P, caseRef, authorisationRef: 'AUTH', mode: 'investigation', topK: '1' }, probe(face));
  assert.equal(s.status, 200, JSON.stringify(s.json));
  const hit = s.json.galleries[0].candidates[0].hitId;
  for (const ex of [side.ex1, side.ex2]) assert.equal((await w.h.call('POST', `/v1/hits/${hit}/reviews`, ex, { decision: 'match', note: 'same' })).status, 200);
  return hit;
}

async function disclosed(w: World, hit: string): Promise<string> {
  const d = await w.h.call('POST', `/v1/hits/${hit}/disclosures`, w.b.op, { justification: 'suspect' });
  assert.equal(d.status, 201, JSON.stringify(d.json));
  assert.equal((await w.h.call('POST', `/v1/disclosures/${d.json.disclosure.id}/decision`, w.a.officer, { approve: true, note: 'justified' })).status, 200);
  return d.json.disclosure.id;
}

const subjectOf = async (w: World, ref: string): Promise<string> => (await w.h.call('GET', `/v1/galleries/${w.gallery}/subjects`, w.a.op)).json.subjects.find((s: any) => s.ref === ref).id;
const notices = async (w: World, token: string, open = false): Promise<any[]> => {
  const r = await w.h.call('GET', `/v1/recipient-notices${open ? '?open=true' : ''}`, token);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.notices;
};
/** Log entries of one action, every agency's (A is the host agency; its auditor reads them all). */
const entries = async (w: World, action: string): Promise<any[]> => (await w.h.call('GET', `/v1/log/entries?action=${action}&agency=*&limit=500`, w.a.auditor)).json.entries.map((e: any) => e.entry);
const coreData = (w: World, disclosure: string) => w.h.call('GET', `/v1/disclosures/${disclosure}/core-data?caseRef=${B_CASE}`, w.b.op);

/** Column totals of the statistics over every row (A's auditor: all agencies). */
async function totals(w: World): Promise<Record<string, number>> {
  const r = await w.h.call('GET', '/v1/log/statistics?by=year', w.a.auditor);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const out: Record<string, number> = {};
  for (const row of r.json.rows) for (const [k, v] of Object.entries(row)) if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
  return out;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`recipient notices on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
    let w: World;
    before(async () => { w = await setUp(dialect); });
    after(async () => { await w?.h.close(); });

    test('erasure at A: only B, which received the subject, is notified; its disclosed core data are gone; B acknowledges, logged', async () => {
      const bHit = await confirmedHit(w, w.b, B_CASE, 'p1');
      const disclosure = await disclosed(w, bHit);
      const cHit = await confirmedHit(w, w.c, C_CASE, 'p1');
      const read = await coreData(w, disclosure);
      assert.equal(read.status, 200, JSON.stringify(read.json));
      assert.equal(read.json.coreData.name, 'Secret Name 1');
      assert.equal(read.headers['cache-control'], 'no-store', 'no browser or proxy keeps a copy past an erasure');
      const before = await totals(w);

      const s1 = await subjectOf(w, 'R-1');
      const erased = await w.h.call('DELETE', `/v1/subjects/${s1}`, w.a.op, { reason: 'erasure request of the data subject' });
      assert.equal(erased.status, 200, JSON.stringify(erased.json));
      assert.equal(erased.json.recipientNotices.length, 1);

      const gone = await coreData(w, disclosure);
      assert.equal(gone.status, 410, JSON.stringify(gone.json));
      assert.equal(gone.json.error.code, 'ABG_ERR_SUBJECT_ERASED');
      assert.doesNotMatch(JSON.stringify(gone.json), /Secret Name/);
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}/candidate-image`, w.b.ex1)).json.error.code, 'ABG_ERR_SUBJECT_ERASED');

      const [received, ...more] = await notices(w, w.b.officer);
      assert.equal(more.length, 0);
      assert.deepEqual(
        { kind: received.kind, direction: received.direction, owner: received.ownerAgencyId, subjectId: received.subjectId, disclosures: received.disclosureIds, hits: received.hitIds, cases: received.caseRefs, ack: received.acknowledgedAt },
        { kind: 'erasure', direction: 'received', owner: w.agency.a, subjectId: '', disclosures: [disclosure], hits: [bHit], cases: [B_CASE], ack: null },
      );
      assert.deepEqual(await notices(w, w.c.officer), [], 'C searched the subject but received nothing: no notice');
      assert.ok(!JSON.stringify((await w.h.call('GET', '/v1/notifications', w.c.officer)).json).includes(cHit));
      const sent = await notices(w, w.a.officer, true);
      assert.deepEqual(sent.map((n) => [n.id, n.direction, n.recipientAgencyId, n.subjectId]), [[received.id, 'sent', w.agency.b, s1]]);
      const told = (await w.h.call('GET', '/v1/notifications', w.b.officer)).json.notifications.filter((n: any) => n.kind === 'recipient-notice.erasure');
      assert.deepEqual(told.map((n: any) => n.payload.noticeId), [received.id]);
      const logged = (await entries(w, 'recipient-notice')).filter((e) => e.object.id === received.id);
      assert.deepEqual(logged.map((e) => [e.decision, e.recipients, e.actor.agency]), [['erasure', [w.agency.b], w.agency.a]]);

      // Only the recipient's officers and admins acknowledge; the owner and other agencies cannot.
      assert.equal((await w.h.call('POST', `/v1/recipient-notices/${received.id}/acknowledge`, w.b.op)).json.error.code, 'ABG_ERR_FORBIDDEN');
      assert.equal((await w.h.call('POST', `/v1/recipient-notices/${received.id}/acknowledge`, w.a.officer)).json.error.code, 'ABG_ERR_FORBIDDEN');
      assert.equal((await w.h.call('POST', `/v1/recipient-notices/${received.id}/acknowledge`, w.c.officer)).json.error.code, 'ABG_ERR_NOT_FOUND');
      const ack = await w.h.call('POST', `/v1/recipient-notices/${received.id}/acknowledge`, w.b.officer);
      assert.equal(ack.status, 200, JSON.stringify(ack.json));
      assert.equal(typeof ack.json.logIndex, 'number');
      assert.ok(ack.json.notice.acknowledgedAt);
      const again = await w.h.call('POST', `/v1/recipient-notices/${received.id}/acknowledge`, w.b.admin);
      assert.equal(again.json.logIndex, null, 'a repeated acknowledgement changes nothing');
      assert.equal(again.json.notice.acknowledgedAt, ack.json.notice.acknowledgedAt);
      const ackEntries = (await entries(w, 'recipient-notice.acknowledge')).filter((e) => e.object.id === received.id);
      const acks = ackEntries.filter((e) => e.outcome === 'ok');
      assert.deepEqual(acks.map((e) => [e.actor.agency, e.decision]), [[w.agency.b, 'erasure']]);
      // The three refused attempts are logged as refusals.
      assert.deepEqual(ackEntries.filter((e) => e.outcome !== 'ok').map((e) => [e.actor.agency, e.outcome, e.reason]).sort(), [
        [w.agency.a, 'denied', 'ABG_ERR_FORBIDDEN'], [w.agency.b, 'denied', 'ABG_ERR_FORBIDDEN'], [w.agency.c, 'denied', 'ABG_ERR_NOT_FOUND'],
      ].sort());
      assert.deepEqual(await notices(w, w.a.officer, true), [], 'no open notice is left for the owner');
      assert.ok((await notices(w, w.a.officer))[0].acknowledgedAt);

      const after = await totals(w);
      assert.deepEqual(after, { ...before, erasures: before.erasures! + 1, refusals: before.refusals! + 3 }, 'statistics change by the erasure and the three refused acknowledgements only');
    });

    test('objection at A restricts B: no core data, no candidate image, no 1:1 verification; withdrawal lifts it', async () => {
      const bHit = await confirmedHit(w, w.b, B_CASE, 'p2');
      const disclosure = await disclosed(w, bHit);
      const bHit2 = await confirmedHit(w, w.b, 'B-CASE-2', 'p2');
      const pending = (await w.h.call('POST', `/v1/hits/${bHit2}/disclosures`, w.b.op, { justification: 'second case' })).json.disclosure.id;
      await confirmedHit(w, w.c, C_CASE, 'p2');
      const s2 = await subjectOf(w, 'R-2');
      const verify = () => w.h.upload('/v1/verifications', w.b.op, { purpose: P, caseRef: B_CASE, authorisationRef: 'AUTH', subjectId: s2 }, probe('p2', 3));
      assert.equal((await coreData(w, disclosure)).status, 200);
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}/candidate-image`, w.b.ex1)).status, 200);
      assert.equal((await verify()).json.decision, 'match');

      const filed = await w.h.upload('/v1/objections', w.a.officer, { reference: 'DSR-7', purposes: 'search' }, [{ field: 'evidence', name: 'e.jpg', data: fakeImage({ face: 'p2', variant: 0 }) }]);
      assert.equal(filed.status, 201, JSON.stringify(filed.json));
      const objection = filed.json.objection.id;

      const restricted = await coreData(w, disclosure);
      assert.equal(restricted.status, 403, JSON.stringify(restricted.json));
      assert.equal(restricted.json.error.code, 'ABG_ERR_RESTRICTED');
      assert.doesNotMatch(JSON.stringify(restricted.json), /Secret Name/);
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}/candidate-image`, w.b.ex1)).json.error.code, 'ABG_ERR_RESTRICTED');
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}`, w.b.ex1)).json.candidateImageAllowed, false);
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}/faces`, w.b.ex1)).json.candidate, null);
      assert.equal((await verify()).json.error.code, 'ABG_ERR_RESTRICTED');
      // A disclosure still pending is not approved while the objection stands.
      const approve = await w.h.call('POST', `/v1/disclosures/${pending}/decision`, w.a.officer, { approve: true, note: 'justified' });
      assert.equal(approve.json.error?.code, 'ABG_ERR_RESTRICTED', JSON.stringify(approve.json));
      assert.equal((await w.h.call('GET', `/v1/disclosures/${pending}`, w.a.officer)).json.state, 'pending');
      // The owner's own verification is not a recipient's copy and stays possible.
      assert.equal((await w.h.upload('/v1/verifications', w.a.op, { purpose: P, caseRef: 'A-CASE', authorisationRef: 'AUTH', subjectId: s2 }, probe('p2', 3))).json.decision, 'match');

      const received = (await notices(w, w.b.officer)).filter((n) => n.kind === 'restriction');
      // The second hit released nothing yet (no image fetched, disclosure pending): it is not named.
      assert.deepEqual(received.map((n) => [n.disclosureIds, [...n.hitIds].sort(), [...n.caseRefs].sort(), n.objectionId]), [[[disclosure], [bHit], [B_CASE], null]]);
      assert.deepEqual(await notices(w, w.c.officer), []);
      const sent = (await notices(w, w.a.officer, true)).filter((n) => n.kind === 'restriction');
      assert.deepEqual(sent.map((n) => [n.recipientAgencyId, n.subjectId, n.objectionId]), [[w.agency.b, s2, objection]]);
      const logged = (await entries(w, 'recipient-notice')).filter((e) => e.object.id === received[0].id);
      assert.deepEqual(logged.map((e) => [e.decision, e.recipients]), [['restriction', [w.agency.b]]]);

      const withdrawn = await w.h.call('POST', `/v1/objections/${objection}/withdraw`, w.a.officer, { reason: 'the person withdrew the objection' });
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.json));
      assert.ok((await notices(w, w.b.officer)).find((n) => n.id === received[0].id).liftedAt);
      assert.equal((await coreData(w, disclosure)).status, 200);
      assert.equal((await w.h.call('GET', `/v1/hits/${bHit}/candidate-image`, w.b.ex1)).status, 200);
      const withdrawal = (await entries(w, 'objection')).find((e) => e.object.id === objection && e.decision === 'withdrawn');
      assert.deepEqual(withdrawal.recipients, [w.agency.b]);
    });

    test('an objection for AI training only does not restrict the recipients of a search', async () => {
      const bHit = await confirmedHit(w, w.b, B_CASE, 'p3');
      const disclosure = await disclosed(w, bHit);
      const filed = await w.h.upload('/v1/objections', w.a.officer, { reference: 'DSR-8', purposes: 'ai-training' }, [{ field: 'evidence', name: 'e.jpg', data: fakeImage({ face: 'p3', variant: 0 }) }]);
      assert.equal(filed.status, 201, JSON.stringify(filed.json));
      assert.equal((await coreData(w, disclosure)).status, 200);
      assert.ok(!(await notices(w, w.b.officer)).some((n) => n.hitIds.includes(bHit)));
    });

    test('retention erasure notifies the recipients as the system', async () => {
      const bHit = await confirmedHit(w, w.b, B_CASE, 'p0');
      await disclosed(w, bHit);
      const { erasure, deps } = w.h.services;
      const later = new Date(Date.now() + 3651 * 86_400_000);
      const now = deps.now;
      deps.now = () => later;
      try {
        assert.ok((await erasure.runRetentionForAll()) >= 1);
      } finally {
        deps.now = now;
      }
      const n = (await notices(w, w.b.officer)).find((x) => x.hitIds.includes(bHit));
      assert.equal(n.kind, 'erasure');
      assert.equal(n.createdBy, null);
      assert.deepEqual((await entries(w, 'recipient-notice')).find((e) => e.object.id === n.id).actor, { user: 'system', agency: w.agency.a, role: 'admin' });
    });
  });
}
