// Provenance per sample: the owner sees source, capture date and legal basis of every sample and
// corrects them; each correction is logged with the names of the changed fields, never their values;
// no other agency sees provenance, not even one that searches the gallery under an agreement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agreementId, userToken } from '../testing/api-harness.ts';
import { apiWorld } from '../testing/api-world.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';

const PURPOSE = 'criminal-investigation';

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`sample provenance on ${dialect}`, { skip: dialect === 'postgres' ? pgSkipReason() : false }, () => {
    const w = apiWorld(async (h) => {
      const aOp = await userToken(h, h.adminToken, 'a-op', ['operator']);
      const aEx = await userToken(h, h.adminToken, 'a-ex', ['examiner']);
      const aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
      const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
      const bAdmin = b.json.admin.token;
      const bOp = await userToken(h, bAdmin, 'b-op', ['operator']);
      const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Mugshots', kind: 'face', legalBasis: 'BKAG §16', purposes: [PURPOSE], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
      const r = await h.upload(`/v1/galleries/${g.json.id}/enrollments`, aOp, { source: 'custody photo Müller station', captureDate: '2025-03-04', subjectRef: 'R-1' }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face: 'p1', variant: 0 }) }]);
      assert.equal(r.json.enrolled, 1, JSON.stringify(r.json));
      const subject = r.json.results[0].subjectId;
      const sample = r.json.results[0].sampleId;
      await agreementId(h, aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [g.json.id], purposes: [PURPOSE], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: true, reference: 'MoU' });
      return { aOp, aEx, bOp, bAdmin, subject, sample };
    }, {}, { dialect });

    const samples = (token: string) => w.h.call('GET', `/v1/subjects/${w.subject}/samples`, token);
    const correct = (token: string, body: unknown) => w.h.call('PATCH', `/v1/samples/${w.sample}/provenance`, token, body);
    const provenanceEntries = async () => (await w.h.runtime.auditLog.query({ action: 'provenance.change' }, { limit: 100, offset: 0 })).entries;

    test('the owner sees the provenance of each sample', async () => {
      const r = await samples(w.aOp);
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json.samples.map((s: any) => [s.id, s.provenance]), [[w.sample, { source: 'custody photo Müller station', captureDate: '2025-03-04', legalBasis: 'BKAG §16' }]]);
      assert.equal((await samples(w.h.adminToken)).status, 200, 'admins of the owning agency too');
    });

    test('the owner corrects provenance; the log names the sample and the changed fields, not the values', async () => {
      const r = await correct(w.aOp, { source: 'passport scan', captureDate: '2024-12-01', legalBasis: 'BKAG §16' });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json.changed, ['source', 'captureDate']);
      assert.deepEqual((await samples(w.aOp)).json.samples[0].provenance, { source: 'passport scan', captureDate: '2024-12-01', legalBasis: 'BKAG §16' });
      const entries = await provenanceEntries();
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.index, r.json.logIndex);
      const e = entries[0]!.entry;
      assert.deepEqual([e.object, e.fields, e.actor.role, e.outcome], [{ type: 'sample', id: w.sample }, ['source', 'captureDate'], 'operator', 'ok']);
      assert.doesNotMatch(entries[0]!.payload, /passport|custody|2024-12-01|2025-03-04/, 'no provenance value in the log');

      const cleared = await correct(w.h.adminToken, { captureDate: null });
      assert.deepEqual(cleared.json.changed, ['captureDate']);
      assert.equal(cleared.json.sample.provenance.captureDate, null);
    });

    test('a correction that changes nothing is answered without a log entry; bad input changes nothing', async () => {
      const before = (await provenanceEntries()).length;
      const same = await correct(w.aOp, { source: 'passport scan' });
      assert.deepEqual([same.status, same.json.changed, same.json.logIndex], [200, [], null]);
      for (const body of [{ source: '' }, { legalBasis: '   ' }, { source: 'x'.repeat(301) }, { other: 'field' }]) {
        const bad = await correct(w.aOp, body);
        assert.equal(bad.json.error?.code, 'ABG_ERR_VALIDATION', JSON.stringify(body));
      }
      assert.equal((await provenanceEntries()).length, before);
      assert.equal((await samples(w.aOp)).json.samples[0].provenance.source, 'passport scan');
    });

    test('other agencies and other roles see and change nothing', async () => {
      for (const token of [w.bOp, w.bAdmin]) {
        assert.equal((await samples(token)).status, 404);
        assert.equal((await correct(token, { source: 'forged' })).status, 404);
      }
      assert.equal((await samples(w.aEx)).status, 403);
      assert.equal((await correct(w.aEx, { source: 'forged' })).status, 403);
      const search = await w.h.upload('/v1/searches', w.bOp, { purpose: PURPOSE, caseRef: 'B-1', authorisationRef: 'AG-B', mode: 'investigation' }, [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face: 'p1', variant: 1 }) }]);
      assert.equal(search.status, 200, JSON.stringify(search.json));
      const hit = await w.h.call('GET', `/v1/hits/${search.json.galleries[0].candidates[0].hitId}`, w.bOp);
      assert.doesNotMatch(JSON.stringify([search.json, hit.json]), /passport|BKAG|provenance/, 'the requester never sees provenance');
      assert.equal((await samples(w.aOp)).json.samples[0].provenance.source, 'passport scan');
    });

    test('after erasure the subject has no samples and nothing is left to correct', async () => {
      assert.equal((await w.h.call('DELETE', `/v1/subjects/${w.subject}`, w.aOp, { reason: 'request' })).status, 200);
      assert.deepEqual((await samples(w.aOp)).json.samples, []);
      assert.equal((await correct(w.aOp, { source: 'late' })).status, 404);
    });
  });
}
