// The search-only workflow end to end over HTTP, on SQLite and on PostgreSQL: enrollment,
// agreement, search, two-person review, step-2 disclosure, verification, revocation, erasure.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';
import { loadConfig } from '../app/config.ts';
import { openRuntime } from '../app/runtime.ts';
import { FakeFaceEngine } from '../testing/fake-face-engine.ts';

const PURPOSE = 'criminal-investigation';
const people = Array.from({ length: 20 }, (_, i) => ({ ref: `A-2026-${String(i).padStart(4, '0')}`, name: `Person Number${i}`, id: `person-${i}` }));

interface Cast { h: ApiHarness; aAdmin: string; aOp: string; aOfficer: string; bAdmin: string; bOp: string; bEx1: string; bEx2: string; bAgency: string; gallery: string; bAuditor: string }

async function user(h: ApiHarness, adminToken: string, name: string, roles: string[]): Promise<string> {
  const u = await h.call('POST', '/v1/users', adminToken, { name, roles });
  assert.equal(u.status, 201, JSON.stringify(u.json));
  return (await h.call('POST', '/v1/tokens', adminToken, { userId: u.json.id, label: name })).json.token;
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Cast> {
  const h = await apiHarness({}, { dialect });
  const aAdmin = h.adminToken;
  const b = await h.call('POST', '/v1/agencies', aAdmin, { name: 'Agency B', adminName: 'b-admin' });
  const bAdmin = b.json.admin.token;
  const g = await h.call('POST', '/v1/galleries', aAdmin, { name: 'Mugshots', kind: 'face', legalBasis: 'BKAG §16', purposes: [PURPOSE, 'missing-persons'], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.01 });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  return {
    h, aAdmin, bAdmin, bAgency: b.json.agency.id, gallery: g.json.id,
    aOp: await user(h, aAdmin, 'a-op', ['operator']),
    aOfficer: await user(h, aAdmin, 'a-officer', ['owner-officer']),
    bOp: await user(h, bAdmin, 'b-op', ['operator']),
    bEx1: await user(h, bAdmin, 'b-ex1', ['examiner']),
    bEx2: await user(h, bAdmin, 'b-ex2', ['examiner']),
    bAuditor: await user(h, bAdmin, 'b-aud', ['auditor']),
  };
}

const probe = (face: string | null, variant = 1, quality = 90) => [{ field: 'probe', name: 'probe.jpg', data: fakeImage({ face, variant, quality }) }];
const searchFields = (extra: Record<string, string> = {}) => ({ purpose: PURPOSE, caseRef: 'B-CASE-7', authorisationRef: 'AG-B 12/26', ...extra });

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' ? pgSkipReason() : false;
  describe(`search-only workflow on ${dialect}`, { skip }, () => {
    let c: Cast;
    const seen: string[] = [];
    before(async () => { c = await setUp(dialect); });
    after(async () => { await c?.h.close(); });
    const record = (x: unknown) => { seen.push(JSON.stringify(x)); return x; };

    test('enrollment: a batch reports every item; no face and poor quality are refused, the rest enrolled', async () => {
      const files = people.map((p, i) => ({ field: 'image', name: `${p.id}.jpg`, data: fakeImage({ face: p.id, variant: 0, quality: i === 7 ? 45 : 90 }) }));
      files.push({ field: 'image', name: 'empty.jpg', data: fakeImage({ face: null }) });
      files.push({ field: 'image', name: 'blurred.jpg', data: fakeImage({ face: 'someone', quality: 10 }) });
      const manifest: Record<string, unknown> = Object.fromEntries(people.map((p) => [`${p.id}.jpg`, { subjectRef: p.ref, coreData: { name: p.name, nationality: 'DE' } }]));
      manifest['empty.jpg'] = { subjectRef: 'A-X-1' };
      manifest['blurred.jpg'] = { subjectRef: 'A-X-2' };
      const r = await c.h.upload(`/v1/galleries/${c.gallery}/enrollments`, c.aOp, { source: 'custody photo', manifest: JSON.stringify(manifest) }, files);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.enrolled, 20);
      assert.equal(r.json.refused, 2);
      const byFile = Object.fromEntries(r.json.results.map((x: any) => [x.file, x]));
      assert.equal(byFile['empty.jpg'].reason, 'no-face');
      assert.equal(byFile['empty.jpg'].code, 'ABG_ERR_NO_FACE');
      assert.equal(byFile['blurred.jpg'].reason, 'quality-rejected');
      assert.deepEqual(byFile['person-7.jpg'].warnings, ['face somewhat blurred']);
      assert.ok(byFile['person-1.jpg'].logIndex >= 0);
      const subjects = await c.h.call('GET', `/v1/galleries/${c.gallery}/subjects`, c.aOp);
      assert.equal(subjects.json.subjects.length, 20);
      assert.ok(!JSON.stringify(subjects.json).includes('Person Number'), 'listing shows references, not core data');
    });

    test('without an agreement another agency cannot search, nor see the gallery', async () => {
      const r = record(await c.h.upload('/v1/searches', c.bOp, searchFields(), probe('person-3')));
      assert.equal((r as any).status, 403);
      assert.equal((r as any).json.error.code, 'ABG_ERR_NO_AGREEMENT');
      const unknown = await c.h.upload('/v1/searches', c.bOp, searchFields({ galleryIds: 'no-such-gallery' }), probe('person-3'));
      assert.equal(unknown.json.error.code, 'ABG_ERR_NOT_FOUND');
      const named = await c.h.upload('/v1/searches', c.bOp, searchFields({ galleryIds: c.gallery }), probe('person-3'));
      assert.equal(named.json.error.code, 'ABG_ERR_NO_AGREEMENT');
      assert.equal((await c.h.call('GET', `/v1/galleries/${c.gallery}`, c.bOp)).status, 404);
      assert.equal((await c.h.call('GET', `/v1/galleries/${c.gallery}/subjects`, c.bOp)).status, 404);
    });

    let agreementId = '';
    let hitId = '';
    test('under an agreement, a search answers opaque candidates with score and FMR, never core data', async () => {
      const bad = await c.h.call('POST', '/v1/agreements', c.aAdmin, { requesterAgencyId: c.bAgency, galleryIds: [c.gallery], purposes: [PURPOSE], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU 2026/4' });
      assert.equal(bad.status, 403, 'admins do not make agreements; owner-officers do');
      const a = await c.h.call('POST', '/v1/agreements', c.aOfficer, { requesterAgencyId: c.bAgency, galleryIds: [c.gallery], purposes: [PURPOSE], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU 2026/4' });
      assert.equal(a.status, 201, JSON.stringify(a.json));
      agreementId = a.json.agreement.id;
      assert.equal(a.json.agreement.status, 'active');

      const missing = await c.h.upload('/v1/searches', c.bOp, { purpose: PURPOSE, caseRef: 'B-CASE-7' }, probe('person-3'));
      assert.equal(missing.json.error.code, 'ABG_ERR_VALIDATION', 'authorisation reference is required');
      const otherPurpose = await c.h.upload('/v1/searches', c.bOp, searchFields({ purpose: 'missing-persons' }), probe('person-3'));
      assert.equal(otherPurpose.json.error.code, 'ABG_ERR_NO_AGREEMENT');
      const noFace = await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'investigation' }), probe(null));
      assert.equal(noFace.json.error.code, 'ABG_ERR_NO_FACE');
      const poor = await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'investigation' }), probe('person-3', 1, 10));
      assert.equal(poor.json.error.code, 'ABG_ERR_QUALITY_TOO_LOW');

      const r = await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'identification' }), probe('person-3'));
      record(r);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      const g = r.json.galleries.find((x: any) => x.galleryId === c.gallery);
      assert.equal(g.candidates.length, 1, JSON.stringify(g));
      const cand = g.candidates[0];
      assert.ok(cand.score > g.threshold && cand.fmrAtScore < 1e-4 && cand.rank === 1);
      hitId = cand.hitId;
      const text = JSON.stringify(r.json);
      for (const p of people) assert.ok(!text.includes(p.ref) && !text.includes(p.name), 'no reference or core data in step 1');
      assert.ok(Number.isInteger(r.json.logIndex));
    });

    test('investigation mode returns top-k regardless of threshold, flagged, capped by the agreement', async () => {
      const r = record(await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'investigation', topK: '50' }), probe('person-9'))) as any;
      assert.equal(r.status, 200);
      const g = r.json.galleries[0];
      assert.equal(g.candidates.length, 5, 'agreement maximum is 5');
      assert.equal(g.candidates[0].aboveThreshold, true);
      assert.ok(g.candidates.slice(1).every((x: any) => x.aboveThreshold === false));
    });

    test('identification mode is gated by the declared reliability', async () => {
      // 20 subjects at FMR 1e-4 give an expected FPIR of about 2e-3: a stricter declaration blocks.
      const patched = await c.h.call('PATCH', `/v1/galleries/${c.gallery}`, c.aAdmin, { requiredFpir: 1e-9 });
      assert.equal(patched.status, 200);
      const r = await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'identification' }), probe('person-3'));
      assert.equal(r.json.error.code, 'ABG_ERR_ACCURACY_GATE');
      await c.h.call('PATCH', `/v1/galleries/${c.gallery}`, c.aAdmin, { requiredFpir: 0.01 });
    });

    test('two different examiners must agree; the owner is notified of the confirmed hit', async () => {
      const view = record(await c.h.call('GET', `/v1/hits/${hitId}`, c.bEx1)) as any;
      assert.equal(view.json.state, 'pending');
      assert.equal(view.json.candidateImageAllowed, true);
      assert.equal((await c.h.call('GET', `/v1/hits/${hitId}`, c.aOp)).status, 404, "hits are the requester's");
      assert.equal((await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bOp, { decision: 'match', note: 'x' })).status, 403, 'operators do not review');
      const noNote = await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bEx1, { decision: 'match', note: '' });
      assert.equal(noNote.json.error.code, 'ABG_ERR_VALIDATION');
      const first = await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bEx1, { decision: 'match', note: 'ear shape and scar agree' });
      assert.equal(first.status, 200, JSON.stringify(first.json));
      assert.equal(first.json.hit.state, 'pending');
      const twice = await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bEx1, { decision: 'match', note: 'again' });
      assert.equal(twice.json.error.code, 'ABG_ERR_DUPLICATE_REVIEW');
      const early = await c.h.call('POST', `/v1/hits/${hitId}/disclosures`, c.bOp, { justification: 'need identity' });
      assert.equal(early.json.error.code, 'ABG_ERR_HIT_NOT_CONFIRMED');
      const second = await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bEx2, { decision: 'match', note: 'independent check: match' });
      assert.equal(second.json.hit.state, 'confirmed');
      const late = await c.h.call('POST', `/v1/hits/${hitId}/reviews`, c.bAdmin, { decision: 'no-match', note: 'late' });
      assert.equal(late.status, 403);
      const n = await c.h.call('GET', '/v1/notifications', c.aOfficer);
      assert.ok(n.json.notifications.some((x: any) => x.kind === 'hit.confirmed' && x.payload.hitId === hitId));
      const img = await c.h.app.inject({ method: 'GET', url: `/v1/hits/${hitId}/candidate-image`, headers: { authorization: `Bearer ${c.bEx1}` } });
      assert.equal(img.statusCode, 200);
      const { release, ...image } = JSON.parse(img.body);
      assert.deepEqual(image, { face: 'person-3', variant: 0, quality: 90 }, 'the decrypted gallery image');
      assert.equal(release.notice, 'no onward transfer', 'marked as released to agency B');
      assert.equal(release.releaseId, img.headers['abgleich-release-id']);
      const probeImg = await c.h.app.inject({ method: 'GET', url: `/v1/hits/${hitId}/probe-image`, headers: { authorization: `Bearer ${c.bEx2}` } });
      assert.equal(JSON.parse(probeImg.body).face, 'person-3');
    });

    let disclosureId = '';
    test('step 2: core data only after the owner approves, to the requester, on that case', async () => {
      const req = await c.h.call('POST', `/v1/hits/${hitId}/disclosures`, c.bOp, { justification: 'suspect in case B-CASE-7' });
      assert.equal(req.status, 201, JSON.stringify(req.json));
      disclosureId = req.json.disclosure.id;
      const dup = await c.h.call('POST', `/v1/hits/${hitId}/disclosures`, c.bOp, { justification: 'again' });
      assert.equal(dup.json.error.code, 'ABG_ERR_CONFLICT');
      const before = record(await c.h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=B-CASE-7`, c.bOp)) as any;
      assert.equal(before.json.error.code, 'ABG_ERR_DISCLOSURE_NOT_APPROVED');
      assert.equal((await c.h.call('POST', `/v1/disclosures/${disclosureId}/decision`, c.bAdmin, { approve: true, note: 'self-approval' })).status, 403);
      assert.equal((await c.h.call('POST', `/v1/disclosures/${disclosureId}/decision`, c.aOp, { approve: true, note: 'x' })).status, 403);
      const ok = await c.h.call('POST', `/v1/disclosures/${disclosureId}/decision`, c.aOfficer, { approve: true, note: 'Art. 7 agreement, justified' });
      assert.equal(ok.json.disclosure.state, 'approved');
      assert.equal((await c.h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=OTHER`, c.bOp)).status, 403);
      const data = await c.h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=B-CASE-7`, c.bOp);
      assert.equal(data.status, 200);
      assert.equal(data.json.coreData.name, 'Person Number3');
      assert.equal(data.json.subjectRef, people[3]!.ref);
      assert.equal(data.json.onwardTransfer, 'prohibited');
      const third = await c.h.call('GET', `/v1/disclosures/${disclosureId}/core-data?caseRef=B-CASE-7`, c.aOp);
      assert.equal(third.status, 403, 'the owner side does not read core data through the disclosure');
    });

    test('1:1 verification: the disclosed subject can be verified by the requester; others are invisible', async () => {
      const subjects = (await c.h.call('GET', `/v1/galleries/${c.gallery}/subjects`, c.aOp)).json.subjects;
      const s3 = subjects.find((s: any) => s.ref === people[3]!.ref).id;
      const s4 = subjects.find((s: any) => s.ref === people[4]!.ref).id;
      const same = await c.h.upload('/v1/verifications', c.bOp, { ...searchFields(), subjectId: s3 }, probe('person-3', 2));
      assert.equal(same.status, 200, JSON.stringify(same.json));
      assert.equal(same.json.decision, 'match');
      const other = await c.h.upload('/v1/verifications', c.bOp, { ...searchFields(), subjectId: s3 }, probe('person-4', 2));
      assert.equal(other.json.decision, 'no-match');
      const hidden = await c.h.upload('/v1/verifications', c.bOp, { ...searchFields(), subjectId: s4 }, probe('person-4', 2));
      assert.equal(hidden.status, 404);
      const own = await c.h.upload('/v1/verifications', c.aOp, { ...searchFields(), subjectId: s4 }, probe('person-4', 2));
      assert.equal(own.json.decision, 'match');
    });

    test('after revocation the requester is refused at once', async () => {
      assert.equal((await c.h.call('POST', `/v1/agreements/${agreementId}/revoke`, c.aAdmin)).status, 403);
      const r = await c.h.call('POST', `/v1/agreements/${agreementId}/revoke`, c.aOfficer);
      assert.equal(r.json.agreement.status, 'revoked');
      const s = await c.h.upload('/v1/searches', c.bOp, searchFields({ mode: 'investigation' }), probe('person-3'));
      assert.equal(s.json.error.code, 'ABG_ERR_NO_AGREEMENT');
      const img = await c.h.app.inject({ method: 'GET', url: `/v1/hits/${hitId}/candidate-image`, headers: { authorization: `Bearer ${c.bEx1}` } });
      assert.equal(img.statusCode, 403, 'images are withheld once the agreement is revoked');
    });

    test('erasure: no search finds the subject, the key is gone, the index holds nothing — also after a restart', async () => {
      const subjects = (await c.h.call('GET', `/v1/galleries/${c.gallery}/subjects`, c.aOp)).json.subjects;
      const s5 = subjects.find((s: any) => s.ref === people[5]!.ref).id;
      const found = await c.h.upload('/v1/searches', c.aOp, searchFields({ mode: 'investigation', topK: '1' }), probe('person-5'));
      assert.ok(found.json.galleries[0].candidates[0].aboveThreshold, 'found before erasure');
      const store = c.h.services.deps.store;
      const sampleIds = (await store.samples.listBySubject(s5)).map((x) => x.id);
      const e = await c.h.call('DELETE', `/v1/subjects/${s5}`, c.aOp, { reason: 'erasure request of the data subject' });
      assert.equal(e.status, 200, JSON.stringify(e.json));
      assert.equal(e.json.samplesRemoved, 1);
      const again = await c.h.call('DELETE', `/v1/subjects/${s5}`, c.aOp, { reason: 'twice' });
      assert.equal(again.json.error.code, 'ABG_ERR_SUBJECT_ERASED');
      assert.equal(await store.subjects.wrappedKey(s5), undefined, 'data key destroyed');
      assert.equal((await store.subjects.get(s5))?.sealedCoreData, null);
      const after = await c.h.upload('/v1/searches', c.aOp, searchFields({ mode: 'investigation', topK: '3' }), probe('person-5'));
      assert.ok(after.json.galleries[0].candidates.every((x: any) => !x.aboveThreshold), 'not found after erasure');
      const idx = await c.h.runtime.services.deps.index;
      const persisted = await (idx as any).index(fakeModelId);
      for (const id of sampleIds) assert.equal(persisted.index.has(id), false);

      // Restart over the same data directory: the index loads its snapshot / rebuilds and still holds nothing.
      if (dialect === 'sqlite') {
        await c.h.app.close();
        await c.h.runtime.close();
        const rt = await openRuntime(loadConfig({ env: {}, flags: { dataDir: c.h.dataDir } }), { faces: new FakeFaceEngine(), logger: { warn: () => {}, info: () => {} } });
        try {
          const reopened = await (rt.services.deps.index as any).index(fakeModelId);
          assert.equal(reopened.index.size, 19);
          for (const id of sampleIds) assert.equal(reopened.index.has(id), false);
        } finally {
          await rt.close();
        }
        c.h = await apiHarness({}, { dialect });
      }
    });

    test('no response before an approved disclosure carried core data', () => {
      for (const text of seen) for (const p of people) assert.ok(!text.includes(p.name), `core data leaked: ${text.slice(0, 200)}`);
    });
  });
}
