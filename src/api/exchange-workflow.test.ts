// The exchange formats end to end with the installed face models: agency A enrolls a NIST face
// transaction (with a Type-2 name added by the writer), B searches with the same face as another
// transaction, two examiners confirm, A approves, and B downloads the disclosure as a transaction
// that the reader accepts, marked "no onward transfer" and logged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PoolFaceEngine } from '../signals/face/face-engine.ts';
import { defaultModelId } from '../signals/face/models.ts';
import { apiHarness } from '../testing/api-harness.ts';
import { ansiNist, ansiNistAbsent } from '../testing/exchange-test-data.ts';
import { readTransaction } from '../interop/ansi-nist-reader.ts';
import { writeTransaction } from '../interop/ansi-nist-writer.ts';

const P = 'criminal-investigation';
const nbis = (f: string) => new Uint8Array(readFileSync(`${ansiNist}nbis/${f}`));

test('a NIST face transaction enrolls with its provenance, searches as a probe, and comes back as a disclosure transaction', { skip: ansiNistAbsent, timeout: 10 * 60_000 }, async () => {
  const h = await apiHarness({ rateLimitPerMinute: 100_000 }, { faces: new PoolFaceEngine() });
  try {
    const b = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' })).json;
    const mk = async (admin: string, name: string, roles: string[]) => {
      const u = (await h.call('POST', '/v1/users', admin, { name, roles })).json;
      return (await h.call('POST', '/v1/tokens', admin, { userId: u.id, label: name })).json.token as string;
    };
    const [aOp, aOfficer, bOp, ex1, ex2, bAuditor] = [
      await mk(h.adminToken, 'a-op', ['operator']), await mk(h.adminToken, 'a-officer', ['owner-officer']), await mk(b.admin.token, 'b-op', ['operator']),
      await mk(b.admin.token, 'b-ex1', ['examiner']), await mk(b.admin.token, 'b-ex2', ['examiner']), await mk(b.admin.token, 'b-auditor', ['auditor']),
    ];
    const g = await h.call('POST', '/v1/galleries', h.adminToken, { name: 'Exchange', kind: 'face', legalBasis: 'test', purposes: [P], retentionDays: 3650, modelId: defaultModelId() });
    assert.equal(g.status, 201, JSON.stringify(g.json));

    // A's export: NIST's JPEG face transaction with a Type-2 record naming the subject.
    const [face] = readTransaction(nbis('face_jpb.an2')).faces;
    const exported = writeTransaction([{ ...face!, descriptive: { idc: 0, fields: [{ tag: '2.018', value: 'MUSTER, ERIKA' }, { tag: '2.024', value: 'F' }] } }]);
    const enrolled = await h.upload(`/v1/galleries/${g.json.id}/enrollments`, aOp, { source: 'batch default' }, [{ field: 'image', name: 'export.an2', data: exported }]);
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.json));
    assert.equal(enrolled.json.enrolled, 1, JSON.stringify(enrolled.json));
    const subjectId = enrolled.json.results[0].subjectId as string;
    const samples = await h.call('GET', `/v1/subjects/${subjectId}/samples`, aOp);
    assert.equal(samples.status, 200, JSON.stringify(samples.json));
    const provenance = samples.json.samples[0].provenance;
    assert.equal(provenance.source, 'ANSI/NIST-ITL 0400 ORI MDNISTIG, TCN face1, SRC MDNISTIG');
    assert.equal(provenance.captureDate, '2004-02-29');

    const agreement = await h.call('POST', '/v1/agreements', aOfficer, { requesterAgencyId: b.agency.id, galleryIds: [g.json.id], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU' });
    assert.equal(agreement.status, 201, JSON.stringify(agreement.json));
    const search = await h.upload('/v1/searches', bOp, { purpose: P, caseRef: 'B-21', authorisationRef: 'AUTH-21', mode: 'investigation', galleryIds: g.json.id }, [{ field: 'probe', name: 'probe.an2', data: nbis('face_png.an2') }]);
    assert.equal(search.status, 200, JSON.stringify(search.json));
    const candidate = search.json.galleries[0].candidates[0];
    assert.ok(candidate?.aboveThreshold, JSON.stringify(search.json.galleries[0]));
    const hitId = candidate.hitId as string;

    assert.equal((await h.call('POST', `/v1/hits/${hitId}/reviews`, ex1, { decision: 'match', note: 'same person' })).json.hit.state, 'pending');
    assert.equal((await h.call('POST', `/v1/hits/${hitId}/reviews`, ex2, { decision: 'match', note: 'agree' })).json.hit.state, 'confirmed');
    const d = (await h.call('POST', `/v1/hits/${hitId}/disclosures`, bOp, { justification: 'case B-21' })).json.disclosure;
    const early = await h.app.inject({ method: 'GET', url: `/v1/disclosures/${d.id}/transaction?caseRef=B-21`, headers: { authorization: `Bearer ${bOp}` } });
    assert.equal(JSON.parse(early.body).error.code, 'ABG_ERR_DISCLOSURE_NOT_APPROVED');
    assert.equal((await h.call('POST', `/v1/disclosures/${d.id}/decision`, aOfficer, { approve: true, note: 'ok' })).status, 200);

    const res = await h.app.inject({ method: 'GET', url: `/v1/disclosures/${d.id}/transaction?caseRef=B-21`, headers: { authorization: `Bearer ${bOp}` } });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/octet-stream');
    assert.match(String(res.headers['content-disposition']), new RegExp(`disclosure-${d.id}\\.an2`));
    const t = readTransaction(new Uint8Array(res.rawPayload));
    assert.deepEqual([t.header.type, t.header.controlNumber, t.header.originator, t.header.destination], ['DISCLOSURE', d.id, agreement.json.agreement.ownerAgencyId, b.agency.id]);
    assert.equal(t.faces.length, 1);
    const type2 = Object.fromEntries(t.faces[0]!.descriptive!.fields.map((f) => [f.tag, f.value]));
    assert.equal(type2['2.018'], 'MUSTER, ERIKA', 'core data under the mapped tag');
    assert.equal(type2['2.024'], 'F');
    assert.match(type2['2.901']!, /^NO ONWARD TRANSFER/);
    assert.equal(type2['2.902'], 'B-21');
    assert.equal(type2['2.903'], 'face1');
    assert.equal(t.faces[0]!.captureDate, '2004-02-29');
    assert.ok(t.faces[0]!.height > 1024, 'the released image carries the marking band below the photo');

    const wrongCase = await h.app.inject({ method: 'GET', url: `/v1/disclosures/${d.id}/transaction?caseRef=OTHER`, headers: { authorization: `Bearer ${bOp}` } });
    assert.equal(JSON.parse(wrongCase.body).error.code, 'ABG_ERR_FORBIDDEN');
    const log = await h.call('GET', '/v1/log/entries?limit=200', bAuditor);
    assert.equal(log.status, 200, JSON.stringify(log.json));
    const exports = log.json.entries.filter((e: any) => e.entry.action === 'disclosure.export' && e.entry.outcome === 'ok');
    assert.equal(exports.length, 1, 'the download is logged once');
    assert.equal(exports[0].entry.object.id, d.id);
  } finally {
    await h.close();
  }
});
