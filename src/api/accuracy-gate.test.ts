// The accuracy gate applies to the galleries a search covers: a default-scope identification search
// leaves out galleries that do not meet their declared reliability and says so; a gallery asked for
// by name that fails refuses the search (docs/workflow.md, step 3).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { agreementId, apiHarness, userToken, type ApiHarness } from '../testing/api-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';

const PURPOSE = 'criminal-investigation';
const fields = (extra: Record<string, string> = {}) => ({ purpose: PURPOSE, caseRef: 'B-CASE-1', authorisationRef: 'AG-B 1/26', ...extra });
const probe = (face: string) => [{ field: 'probe', name: 'p.jpg', data: fakeImage({ face, variant: 1 }) }];

describe('accuracy gate over the galleries a search covers', () => {
  let h: ApiHarness;
  let bOp = '';
  let declared = '';
  let undeclared = '';
  before(async () => {
    h = await apiHarness();
    const aOp = await userToken(h, h.adminToken, 'a-op', ['operator']);
    const aOfficer = await userToken(h, h.adminToken, 'a-officer', ['owner-officer']);
    const b = await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' });
    bOp = await userToken(h, b.json.admin.token, 'b-op', ['operator']);
    const gallery = async (name: string, extra: Record<string, unknown>) =>
      (await h.call('POST', '/v1/galleries', h.adminToken, { name, kind: 'face', legalBasis: 'BKAG §16', purposes: [PURPOSE], retentionDays: 3650, modelId: fakeModelId, ...extra })).json.id as string;
    declared = await gallery('Declared', { requiredFpir: 0.5 });
    undeclared = await gallery('Default settings', {});
    for (const [g, face] of [[declared, 'p1'], [undeclared, 'p2']] as const) {
      const r = await h.upload(`/v1/galleries/${g}/enrollments`, aOp, { source: 's', subjectRef: face }, [{ field: 'image', name: 'i.jpg', data: fakeImage({ face, variant: 0 }) }]);
      assert.equal(r.json.enrolled, 1, JSON.stringify(r.json));
    }
    await agreementId(h, aOfficer, { requesterAgencyId: b.json.agency.id, galleryIds: [declared, undeclared], purposes: [PURPOSE], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 3, showImages: false, reference: 'MoU' });
  });
  after(async () => { await h?.close(); });

  test('a default identification search leaves out the gallery without declared reliability and names it', async () => {
    const r = await h.upload('/v1/searches', bOp, fields(), probe('p1'));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.galleries.map((g: any) => g.galleryId), [declared]);
    assert.equal(r.json.galleries[0].candidates.length, 1, 'the declared gallery was searched');
    assert.equal(r.json.skipped.length, 1);
    assert.deepEqual({ ...r.json.skipped[0], expectedFpir: undefined }, { galleryId: undeclared, galleryName: 'Default settings', reason: 'accuracy-gate', expectedFpir: undefined, requiredFpir: null });
    assert.ok(r.json.skipped[0].expectedFpir > 0);
  });

  test('a gallery asked for by name that fails the gate refuses the search', async () => {
    for (const ids of [[undeclared], [declared, undeclared]]) {
      const r = await h.upload('/v1/searches', bOp, fields({ galleryIds: ids.join(',') }), probe('p2'));
      assert.equal(r.status, 403, JSON.stringify(r.json));
      assert.equal(r.json.error.code, 'ABG_ERR_ACCURACY_GATE');
      assert.deepEqual(r.json.error.details.galleries.map((g: any) => g.galleryId), [undeclared]);
    }
    const named = await h.upload('/v1/searches', bOp, fields({ galleryIds: declared }), probe('p1'));
    assert.equal(named.status, 200, JSON.stringify(named.json));
    assert.deepEqual(named.json.skipped, []);
  });

  test('investigation mode covers every gallery and skips none', async () => {
    const r = await h.upload('/v1/searches', bOp, fields({ mode: 'investigation' }), probe('p2'));
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.deepEqual(r.json.galleries.map((g: any) => g.galleryId).sort(), [declared, undeclared].sort());
    assert.deepEqual(r.json.skipped, []);
  });

  test('when no gallery of the default scope meets its declaration, the search fails with the coded error', async () => {
    assert.equal((await h.call('PATCH', `/v1/galleries/${declared}`, h.adminToken, { requiredFpir: 1e-9 })).status, 200);
    const r = await h.upload('/v1/searches', bOp, fields(), probe('p1'));
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'ABG_ERR_ACCURACY_GATE');
    assert.deepEqual(r.json.error.details.galleries.map((g: any) => g.galleryId).sort(), [declared, undeclared].sort());
  });
});
