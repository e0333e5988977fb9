// Releases over the services, on SQLite and on PostgreSQL: B's examiner receives A's candidate
// image marked and recorded; B and C cannot enroll it (or a copy), A can; another photo of the
// person is accepted; each refusal is logged naming the release; erasure restricts the record.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { apiHarness, type ApiHarness } from '../testing/api-harness.ts';
import type { Actor } from '../domain/entities.ts';
import { pgSkipReason } from '../testing/pg-harness.ts';
import { fakeImage, fakeModelId } from '../testing/fake-face-engine.ts';
import type { EnrollResult } from './enrollment.service.ts';

const P = 'criminal-investigation';

interface Cast { h: ApiHarness; aOp: Actor; aOfficer: Actor; bOp: Actor; bEx: Actor; cOp: Actor; aGallery: string; aOther: string; bGallery: string; cGallery: string; b: string; c: string }

async function user(h: ApiHarness, adminToken: string, name: string, roles: string[]): Promise<Actor> {
  const u = await h.call('POST', '/v1/users', adminToken, { name, roles });
  assert.equal(u.status, 201, JSON.stringify(u.json));
  return h.services.auth.authenticate((await h.call('POST', '/v1/tokens', adminToken, { userId: u.json.id, label: name })).json.token);
}

async function gallery(h: ApiHarness, adminToken: string, name: string): Promise<string> {
  const g = await h.call('POST', '/v1/galleries', adminToken, { name, kind: 'face', legalBasis: 'x', purposes: [P], retentionDays: 3650, modelId: fakeModelId, requiredFpir: 0.5 });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  return g.json.id;
}

async function setUp(dialect: 'sqlite' | 'postgres'): Promise<Cast> {
  const h = await apiHarness({}, { dialect });
  const b = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency B', adminName: 'b-admin' })).json;
  const c = (await h.call('POST', '/v1/agencies', h.adminToken, { name: 'Agency C', adminName: 'c-admin' })).json;
  const cast: Cast = {
    h, b: b.agency.id, c: c.agency.id,
    aGallery: await gallery(h, h.adminToken, 'Custody'), aOther: await gallery(h, h.adminToken, 'Archive'),
    bGallery: await gallery(h, b.admin.token, 'B custody'), cGallery: await gallery(h, c.admin.token, 'C custody'),
    aOp: await user(h, h.adminToken, 'a-op', ['operator']), aOfficer: await user(h, h.adminToken, 'a-officer', ['owner-officer']),
    bOp: await user(h, b.admin.token, 'b-op', ['operator']), bEx: await user(h, b.admin.token, 'b-ex', ['examiner']),
    cOp: await user(h, c.admin.token, 'c-op', ['operator']),
  };
  await h.services.agreements.create(cast.aOfficer, { requesterAgencyId: cast.b, galleryIds: [cast.aGallery], purposes: [P], validUntil: '2099-01-01T00:00:00Z', maxCandidates: 5, showImages: true, reference: 'MoU' });
  return cast;
}

const item = (fileName: string, image: Uint8Array, ref = fileName) => ({ fileName, image, subjectRef: ref, provenance: { source: 'received' } });
const summary = (rs: EnrollResult[]) => rs.map((r) => [r.file, r.ok, r.code, r.details?.releaseId, r.details?.ownerAgencyId]);

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = dialect === 'postgres' ? pgSkipReason() : false;
  describe(`releases on ${dialect}`, { skip }, () => {
    let c: Cast;
    let hitId = '';
    let downloaded: Uint8Array;
    let releaseId = '';
    const s = () => c.h.services;
    before(async () => {
      c = await setUp(dialect);
      await s().enrollment.enroll(c.aOp, c.aGallery, [item('alice.jpg', fakeImage({ face: 'alice', variant: 0 }), 'R-alice')]);
      const found = await s().searches.search(c.bOp, { probe: fakeImage({ face: 'alice', variant: 7 }), purpose: P, caseRef: 'B-CASE-9', authorisationRef: 'AUTH', galleryIds: [c.aGallery], mode: 'investigation', topK: 1 });
      hitId = found.galleries[0]!.candidates[0]!.hitId;
    });
    after(async () => { await c?.h.close(); });

    test("B's examiner receives A's candidate image marked, recorded once with its fingerprints, and logged on every download", async () => {
      const first = await s().reviews.candidateImage(c.bEx, hitId);
      downloaded = first.bytes;
      releaseId = first.releaseId!;
      const mark = s().deps.marking!.read(downloaded)!;
      assert.deepEqual({ ...mark, releasedAt: undefined }, {
        releaseId, ownerAgency: { id: c.aOp.agencyId, name: 'Host Agency' }, recipientAgency: { id: c.b, name: 'Agency B' }, caseRef: 'B-CASE-9', releasedAt: undefined, notice: 'no onward transfer',
      });
      const again = await s().reviews.candidateImage(c.bEx, hitId);
      assert.equal(again.releaseId, releaseId, 'one release per hit');
      assert.deepEqual(Buffer.from(again.bytes), Buffer.from(downloaded), 'the same marked bytes');
      const r = (await s().deps.store.releases.get(releaseId))!;
      const hit = (await s().deps.store.hits.get(hitId))!;
      assert.deepEqual([r.kind, r.ownerAgencyId, r.recipientAgencyId, r.caseRef, r.hitId, r.subjectId, r.sampleId, r.releasedBy, r.modelId, r.restrictedAt],
        ['candidate-image', c.aOp.agencyId, c.b, 'B-CASE-9', hitId, hit.subjectId, hit.sampleId, c.bEx.userId, fakeModelId, null]);
      assert.ok(r.sealedTemplate && !r.sealedTemplate.includes('alice'), 'the template is kept sealed');
      const log = await c.h.runtime.auditLog.query({ action: 'release' }, { limit: 100, offset: 0 });
      const entries = log.entries.filter((e) => e.entry.object?.id === releaseId);
      assert.equal(entries.length, 2, 'each download is logged');
      assert.deepEqual(entries[0]!.entry.recipients, [c.b]);
      assert.equal(entries[0]!.entry.caseRef, 'B-CASE-9');
    });

    test('B cannot enroll the released image, per item in a batch, and each refusal is logged naming the release; another photo of the person is accepted', async () => {
      const r = await s().enrollment.enroll(c.bOp, c.bGallery, [
        item('download.jpg', downloaded), item('bob.jpg', fakeImage({ face: 'bob' })), item('alice-other.jpg', fakeImage({ face: 'alice', variant: 4 })),
      ]);
      assert.deepEqual(summary(r), [
        ['download.jpg', false, 'ABG_ERR_ONWARD_TRANSFER', releaseId, c.aOp.agencyId],
        ['bob.jpg', true, undefined, undefined, undefined],
        ['alice-other.jpg', true, undefined, undefined, undefined],
      ]);
      assert.equal(r[0]!.reason, 'onward-transfer');
      assert.equal(r[0]!.details?.stage, 'face');
      const refs = (await s().enrollment.listSubjects(c.bOp, c.bGallery, { limit: 100, offset: 0, includeErased: true })).map((x) => x.ref);
      assert.deepEqual(refs.sort(), ['alice-other.jpg', 'bob.jpg']);
      const log = await c.h.runtime.auditLog.query({ action: 'enrollment' }, { limit: 100, offset: 0 });
      const refusals = log.entries.filter((e) => e.entry.outcome === 'denied' && e.entry.object?.id === releaseId);
      assert.equal(refusals.length, 1);
      assert.equal(refusals[0]!.entry.reason, 'ABG_ERR_ONWARD_TRANSFER');
      assert.equal(refusals[0]!.entry.actor.agency, c.b);
    });

    test('a third agency cannot enroll it either; the owner can, in any of its galleries', async () => {
      assert.deepEqual(summary(await s().enrollment.enroll(c.cOp, c.cGallery, [item('from-b.jpg', downloaded)])), [['from-b.jpg', false, 'ABG_ERR_ONWARD_TRANSFER', releaseId, c.aOp.agencyId]]);
      assert.equal((await s().enrollment.enroll(c.aOp, c.aOther, [item('back.jpg', downloaded)]))[0]!.ok, true);
    });

    test("the subject's erasure restricts the release: the template is gone, the record and its PDQ hashes stay", async () => {
      const subjectId = (await s().deps.store.releases.get(releaseId))!.subjectId;
      await s().erasure.erase(c.aOp, subjectId, 'request of the data subject');
      const r = (await s().deps.store.releases.get(releaseId))!;
      assert.equal(r.sealedTemplate, null);
      assert.ok(r.restrictedAt);
      assert.deepEqual([r.ownerAgencyId, r.recipientAgencyId, r.caseRef, r.hitId], [c.aOp.agencyId, c.b, 'B-CASE-9', hitId]);
    });

    test('PDQ reaches re-encoded, resized, cropped and mirrored copies of a released photo, in any agency but its owner', async () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#5a6"/><circle cx="80" cy="90" r="60" fill="#a33"/><circle cx="230" cy="150" r="70" fill="#236"/><rect x="150" y="20" width="60" height="90" fill="#ed9"/></svg>';
      const photo = await sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
      const pdq = (await s().deps.evidence!.compute(photo)).pdq;
      const id = s().deps.newId();
      await s().deps.store.releases.insert({
        id, kind: 'candidate-image', ownerAgencyId: c.aOp.agencyId, recipientAgencyId: c.b, caseRef: 'X', hitId: null, galleryId: c.aGallery, subjectId: 'gone', sampleId: 'gone',
        releasedBy: c.bEx.userId, createdAt: s().deps.now().toISOString(), releasedPdq: null, originalPdq: pdq, sealedTemplate: null, modelId: fakeModelId, restrictedAt: null,
      });
      const copies = {
        'jpeg-q40': await sharp(photo).jpeg({ quality: 40 }).toBuffer(),
        'resize-50': await sharp(photo).resize(160).png().toBuffer(),
        'crop-2': await sharp(photo).extract({ left: 3, top: 2, width: 314, height: 235 }).jpeg().toBuffer(),
        mirrored: await sharp(photo).flop().jpeg().toBuffer(),
      };
      for (const [name, bytes] of Object.entries(copies)) {
        const caught = await s().releases.copyOf(c.c, bytes);
        assert.equal(caught?.releaseId, id, name);
        assert.equal(caught?.stage, 'perceptual', name);
        assert.equal(await s().releases.copyOf(c.aOp.agencyId, bytes), null, `${name}: not held against its owner`);
      }
      const otherSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="#224"/><rect x="20" y="140" width="280" height="70" fill="#dc4"/><circle cx="250" cy="60" r="45" fill="#eee"/></svg>';
      const other = await sharp(Buffer.from(otherSvg)).jpeg().toBuffer();
      assert.equal(await s().releases.copyOf(c.c, other), null, 'another picture is not a copy');
    });
  });
}
